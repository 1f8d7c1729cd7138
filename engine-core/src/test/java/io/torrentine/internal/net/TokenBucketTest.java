package io.torrentine.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong clock = new AtomicLong(123_456_789L);

    private TokenBucket bucket(long rate, Duration burst) {
        return new TokenBucket(rate, burst, clock::get);
    }

    private void advance(long nanos) {
        clock.addAndGet(nanos);
    }

    @Test
    void startsFullWithOneSecondOfRateByDefault() {
        TokenBucket b = new TokenBucket(1000, TokenBucket.DEFAULT_BURST, clock::get);
        assertThat(b.capacity()).isEqualTo(1000);
        assertThat(b.available()).isEqualTo(1000);
        assertThat(b.tryTake(400)).isEqualTo(400);
        assertThat(b.tryTake(700)).isEqualTo(600);
        assertThat(b.tryTake(1)).isZero();
        assertThat(b.available()).isZero();
    }

    @Test
    void refillsAtTheRateAndStopsAtTheBurst() {
        TokenBucket b = bucket(1000, Duration.ofMillis(500));
        assertThat(b.capacity()).isEqualTo(500);
        b.tryTake(500);
        advance(SECOND / 10);
        assertThat(b.available()).isEqualTo(100);
        advance(SECOND / 4);
        assertThat(b.available()).isEqualTo(350);
        advance(10 * SECOND);
        assertThat(b.available()).isEqualTo(500);
    }

    @Test
    void fractionsOfABytePerRefillAreNotLost() {
        // 3 bytes/s refilled every 100 ms: 0.3 byte each time, 3 bytes after ten refills.
        TokenBucket b = bucket(3, Duration.ofSeconds(10));
        b.tryTake(30);
        for (int i = 0; i < 10; i++) {
            advance(SECOND / 10);
            assertThat(b.tryTake(0)).isZero();
            b.available();
        }
        assertThat(b.available()).isEqualTo(3);
    }

    @Test
    void takeGoesIntoDebtAndTheDebtIsPaidBackFirst() {
        TokenBucket b = bucket(1000, Duration.ofSeconds(1));
        assertThat(b.take(3000)).isEqualTo(-2000);
        assertThat(b.available()).isEqualTo(-2000);
        assertThat(b.nanosUntilAvailable(1)).isEqualTo(2 * SECOND + SECOND / 1000);
        assertThat(b.tryTake(10)).isZero();
        advance(2 * SECOND);
        assertThat(b.available()).isZero();
        advance(SECOND / 2);
        assertThat(b.available()).isEqualTo(500);
    }

    @Test
    void nanosUntilAvailableIsExactAndRoundedUp() {
        TokenBucket b = bucket(1000, Duration.ofSeconds(1));
        assertThat(b.nanosUntilAvailable(1000)).isZero();
        b.tryTake(1000);
        assertThat(b.nanosUntilAvailable(250)).isEqualTo(SECOND / 4);
        advance(SECOND / 4 - 1);
        assertThat(b.tryTake(250)).isEqualTo(249);
        // A request beyond the capacity waits only for a full bucket.
        assertThat(b.nanosUntilAvailable(5000)).isEqualTo(999_000_001L); // 0.999999 byte is left over
        // 3 bytes/s: a third of a second per byte, rounded up to the next nanosecond.
        TokenBucket slow = bucket(3, Duration.ofSeconds(1));
        slow.tryTake(3);
        assertThat(slow.nanosUntilAvailable(1)).isEqualTo(333_333_334L);
    }

    @Test
    void rateChangeMidwayKeepsEarnedTokensAndDebt() {
        TokenBucket b = bucket(1000, Duration.ofSeconds(1));
        b.tryTake(1000);
        advance(SECOND / 2); // 500 earned at the old rate
        b.setRate(4000);
        assertThat(b.rate()).isEqualTo(4000);
        assertThat(b.capacity()).isEqualTo(4000);
        assertThat(b.available()).isEqualTo(500);
        advance(SECOND / 4); // + 1000 at the new rate
        assertThat(b.available()).isEqualTo(1500);

        // Slower: tokens are clamped to the new capacity; debt stays and is paid at the new rate.
        b.setRate(100);
        assertThat(b.available()).isEqualTo(100);
        b.take(300);
        assertThat(b.available()).isEqualTo(-200);
        assertThat(b.nanosUntilAvailable(1)).isEqualTo(2 * SECOND + SECOND / 100);
    }

    @Test
    void unlimitedGrantsEverythingAndStartsFullWhenLimited() {
        TokenBucket b = bucket(0, Duration.ofSeconds(1));
        assertThat(b.isUnlimited()).isTrue();
        assertThat(b.tryTake(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(b.take(1L << 40)).isEqualTo(Long.MAX_VALUE);
        assertThat(b.available()).isEqualTo(Long.MAX_VALUE);
        assertThat(b.nanosUntilAvailable(1L << 40)).isZero();
        assertThat(b.capacity()).isEqualTo(Long.MAX_VALUE);

        b.setRate(2000);
        assertThat(b.isUnlimited()).isFalse();
        assertThat(b.available()).isEqualTo(2000);
        b.take(5000);
        // Lifting the limit forgives the debt; limiting again starts full.
        b.setRate(0);
        assertThat(b.available()).isEqualTo(Long.MAX_VALUE);
        b.setRate(1000);
        assertThat(b.available()).isEqualTo(1000);
    }

    @Test
    void extremeRatesAndTimesDoNotOverflow() {
        TokenBucket b = bucket(TokenBucket.MAX_RATE, Duration.ofMinutes(1));
        assertThat(b.capacity()).isEqualTo(TokenBucket.MAX_CAPACITY);
        b.take(Long.MAX_VALUE);
        b.take(Long.MAX_VALUE);
        assertThat(b.available()).isEqualTo(-TokenBucket.MAX_CAPACITY);
        advance(Long.MAX_VALUE / 2);
        assertThat(b.available()).isEqualTo(TokenBucket.MAX_CAPACITY);
        TokenBucket slow = bucket(1, Duration.ofMillis(1));
        assertThat(slow.capacity()).isEqualTo(1);
        slow.take(10);
        assertThat(slow.nanosUntilAvailable(1)).isEqualTo(10 * SECOND);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> bucket(-1, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bucket(TokenBucket.MAX_RATE + 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bucket(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bucket(1, Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
        TokenBucket b = bucket(1, Duration.ofSeconds(1));
        assertThatThrownBy(() -> b.take(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.tryTake(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.setRate(-5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentTakersNeverGetMoreThanTheBucketHolds() throws Exception {
        // The clock stands still: exactly the capacity can be granted, however the threads interleave.
        TokenBucket b = bucket(1_000_000, Duration.ofSeconds(1));
        AtomicLong granted = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 100_000; i++) {
                    granted.addAndGet(b.tryTake(7));
                }
            });
            threads[t].start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(granted.get()).isEqualTo(1_000_000);
        assertThat(b.available()).isZero();
    }
}
