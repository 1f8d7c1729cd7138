package io.torrentine.bencode;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random {@link BValue}s of bounded size, for property-style tests. */
final class RandomValues {
    private final Random random;
    private final boolean binaryKeys;

    /**
     * @param seed the seed, so that a failure can be replayed
     * @param binaryKeys whether keys may hold any byte, or only ASCII letters and digits
     */
    RandomValues(long seed, boolean binaryKeys) {
        this.random = new Random(seed);
        this.binaryKeys = binaryKeys;
    }

    /** A value at most {@code depth} levels deep. */
    BValue value(int depth) {
        int kind = random.nextInt(depth <= 0 ? 2 : 4);
        switch (kind) {
            case 0:
                return BInteger.of(integer());
            case 1:
                return BString.of(bytes(random.nextInt(8) == 0 ? 300 : 12));
            case 2: {
                List<BValue> values = new ArrayList<>();
                int n = random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    values.add(value(depth - 1));
                }
                return BList.of(values);
            }
            default: {
                BDictionary.Builder builder = BDictionary.builder();
                int n = random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    builder.put(key(), value(depth - 1));
                }
                return builder.build();
            }
        }
    }

    private long integer() {
        switch (random.nextInt(4)) {
            case 0:
                return random.nextInt(21) - 10;
            case 1:
                return random.nextLong();
            case 2:
                return random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
            default:
                return random.nextInt();
        }
    }

    private BString key() {
        if (binaryKeys) {
            return BString.of(bytes(4));
        }
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.";
        StringBuilder key = new StringBuilder();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            key.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return BString.of(key.toString());
    }

    private byte[] bytes(int maxLength) {
        byte[] b = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(b);
        return b;
    }
}
