package io.actelemetry.bridge.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Writes pages into a page folder (the format {@link FolderPageSource} reads): the live game's
 * pages for a bug report, or pages built by tests. Each file is replaced atomically, so a reader
 * never sees half a file.
 */
public final class PageFolder {

    /**
     * Writes the first {@code length} bytes of {@code bytes} as {@code page}'s file in {@code
     * folder}.
     */
    public static void write(Path folder, Page page, byte[] bytes, int length) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(page.fileName());
        Path temp = folder.resolve(page.fileName() + ".tmp");
        Files.write(temp, Arrays.copyOf(bytes, length));
        Files.move(
                temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Captures consistent copies of the three pages of {@code source} into {@code folder}.
     *
     * @throws GameNotRunningException when the game is not running
     * @throws IOException when the folder cannot be written, or the game kept tearing the copies
     */
    public static void capture(PageSource source, Path folder) throws IOException {
        if (!source.attach()) {
            throw new GameNotRunningException(
                    "cannot capture pages: the game is not running (" + source.describe() + ")");
        }
        ConsistentReader reader = new ConsistentReader(source, 100);
        byte[] buffer = new byte[Page.STATIC.size()];
        for (Page page : Page.values()) {
            int length = reader.copy(page, buffer);
            if (length < 0) {
                throw new IOException(
                        "no consistent copy of " + page.fileName() + " after 100 attempts");
            }
            write(folder, page, buffer, length);
        }
    }

    private PageFolder() {}
}
