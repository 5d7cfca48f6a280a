package io.actelemetry.bridge.source;

import io.actelemetry.bridge.pages.Layout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A folder holding the page files {@code acpmf_physics}, {@code acpmf_graphics} and {@code
 * acpmf_static}, bytes exactly as in the game's memory (a capture attached to a bug report, a test
 * fixture). The files are read again at every access, so a folder that something keeps rewriting
 * behaves like the live game; missing files mean the game is not running.
 */
public final class FolderPageSource implements PageSource {

    private final Path folder;
    private boolean attached;

    public FolderPageSource(Path folder) {
        this.folder = folder;
    }

    @Override
    public boolean attach() {
        if (!attached) {
            attached =
                    Files.isRegularFile(file(Page.PHYSICS))
                            && Files.isRegularFile(file(Page.GRAPHICS))
                            && Files.isRegularFile(file(Page.STATIC));
        }
        return attached;
    }

    @Override
    public void detach() {
        attached = false;
    }

    @Override
    public int readInt(Page page, int offset) {
        byte[] bytes = new byte[offset + 4];
        int length = read(page, bytes);
        return length < offset + 4 ? 0 : Layout.intAt(bytes, offset);
    }

    @Override
    public int copy(Page page, byte[] into) {
        return read(page, into);
    }

    private int read(Page page, byte[] into) {
        requireAttached();
        try (InputStream in = Files.newInputStream(file(page))) {
            int length = in.readNBytes(into, 0, Math.min(into.length, page.size()));
            Arrays.fill(into, length, Math.min(into.length, page.size()), (byte) 0);
            return length;
        } catch (NoSuchFileException e) {
            attached = false;
            throw new GameNotRunningException("page file disappeared: " + e.getFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file(page), e);
        }
    }

    private void requireAttached() {
        if (!attached) {
            throw new GameNotRunningException("not attached to " + describe());
        }
    }

    private Path file(Page page) {
        return folder.resolve(page.fileName());
    }

    /** The user chose these pages: the first one is meant to be read. */
    @Override
    public boolean firstPageMayBeStale() {
        return false;
    }

    @Override
    public String describe() {
        return "page folder " + folder.toAbsolutePath();
    }

    @Override
    public void close() {
        attached = false;
    }
}
