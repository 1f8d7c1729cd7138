package io.torrentine.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.internal.metainfo.FileNameRules;
import io.torrentine.spi.StorageException;
import io.torrentine.spi.StorageException.Operation;
import io.torrentine.spi.StorageException.Reason;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paths that do not come from the sanitizer (a file renamed by the application) are checked
 * against the host's rules before anything touches the disk: on Windows a DOS device name, a
 * trailing dot or space, or one of {@code :*?"<>|} is refused, because Win32 would open the
 * device, or another file, instead of a file of that name in the save path.
 */
class SavePathFileNameRulesTest {
    @TempDir
    Path root;

    @Test
    void underWindowsRulesANameWindowsWouldNotKeepIsRefused() {
        SavePath windows = new SavePath(root, FileNameRules.WINDOWS);
        for (String relative : List.of("CON", "t/con.txt", "NUL/file", "t/Lpt1.log", "t/COM\u00B9", "t/clock$",
                "t/dir./file", "t/file ", "t/a:b", "t/a*b", "t/what?", "t/x<y>", "t/p|q", "t/\"q\"", "t/tab\tx",
                "t/x/../AUX")) {
            assertThatThrownBy(() -> windows.resolve(relative, 3, Operation.RENAME))
                    .as(relative)
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.PATH_OUTSIDE_SAVE_PATH);
                        assertThat(e.operation()).isEqualTo(Operation.RENAME);
                        assertThat(e.fileIndex()).hasValue(3);
                    });
        }
        for (String relative : List.of("CON_", "t/con_.txt", "t/console", "t/con .txt", "t/a_b", "t/.hidden",
                "t/x/../file")) {
            assertThat(windows.resolve(relative, 3, Operation.RENAME)).as(relative)
                    .isEqualTo(root.toAbsolutePath().normalize().resolve(relative).normalize());
        }
    }

    @Test
    void underLinuxRulesTheSameNamesAreOrdinaryFiles() {
        SavePath posix = new SavePath(root, FileNameRules.POSIX);
        for (String relative : List.of("CON", "t/con.txt", "t/dir./file", "t/file ", "t/a:b", "t/what?")) {
            assertThat(posix.resolve(relative, 0, Operation.WRITE)).as(relative)
                    .isEqualTo(root.toAbsolutePath().normalize().resolve(relative).normalize());
        }
    }
}
