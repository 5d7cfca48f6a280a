package io.actelemetry.bridge.windows;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import io.actelemetry.bridge.source.GameNotRunningException;
import io.actelemetry.bridge.source.Page;
import io.actelemetry.bridge.source.PageSource;
import java.util.EnumMap;
import java.util.Map;

/**
 * The live game's pages: the named file mappings {@code Local\acpmf_*}, opened read-only through
 * JNA. Windows only; everything beneath it (decoding, sampling, mapping) is tested from page bytes.
 *
 * <p>{@link #attach()} fails quietly while the game has not created the mappings. A mapping lives
 * as long as any process holds it, so after the game exits this source still sees its last pages;
 * the sampler detaches when the pages go stale and attaches again, which finds a restarted game's
 * new mappings.
 */
public final class SharedMemoryPageSource implements PageSource {

    private final Map<Page, WinNT.HANDLE> handles = new EnumMap<>(Page.class);
    private final Map<Page, Pointer> views = new EnumMap<>(Page.class);

    /** Whether this JVM runs on Windows, the only place the game's shared memory exists. */
    public static boolean supported() {
        return System.getProperty("os.name", "")
                .toLowerCase(java.util.Locale.ROOT)
                .startsWith("windows");
    }

    @Override
    public boolean attach() {
        if (views.size() == Page.values().length) {
            return true;
        }
        Kernel32 kernel = Kernel32.INSTANCE;
        for (Page page : Page.values()) {
            WinNT.HANDLE handle =
                    kernel.OpenFileMapping(WinNT.FILE_MAP_READ, false, page.mappingName());
            if (handle == null) {
                detach();
                return false;
            }
            handles.put(page, handle);
            // Map the whole mapping (size 0): AC creates each one at least as large as its page.
            Pointer view = kernel.MapViewOfFile(handle, WinNT.FILE_MAP_READ, 0, 0, 0);
            if (view == null) {
                detach();
                return false;
            }
            views.put(page, view);
        }
        return true;
    }

    @Override
    public void detach() {
        views.values().forEach(Kernel32.INSTANCE::UnmapViewOfFile);
        views.clear();
        handles.values().forEach(Kernel32.INSTANCE::CloseHandle);
        handles.clear();
    }

    @Override
    public int readInt(Page page, int offset) {
        return view(page).getInt(offset);
    }

    @Override
    public int copy(Page page, byte[] into) {
        view(page).read(0, into, 0, page.size());
        return page.size();
    }

    private Pointer view(Page page) {
        Pointer view = views.get(page);
        if (view == null) {
            throw new GameNotRunningException("not attached to " + page.mappingName());
        }
        return view;
    }

    @Override
    public String describe() {
        return "Assetto Corsa shared memory (Local\\acpmf_physics, acpmf_graphics, acpmf_static)";
    }

    @Override
    public void close() {
        detach();
    }
}
