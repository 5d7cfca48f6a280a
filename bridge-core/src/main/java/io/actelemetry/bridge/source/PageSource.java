package io.actelemetry.bridge.source;

/**
 * Where the game's pages are read from: the live shared memory, a folder of page files, or the
 * simulated game. Everything OS-specific stays behind this interface.
 *
 * <p>Reads are raw and unsynchronised, like the game's memory: {@link ConsistentReader} turns them
 * into consistent copies. Not thread-safe; one sampler owns a source.
 */
public interface PageSource extends AutoCloseable {

    /**
     * Opens the game's pages if they exist. Returns false while the game is not running; call again
     * later. Returns true at once when already attached.
     */
    boolean attach();

    /** Releases the pages, so the next {@link #attach()} finds a restarted game's fresh pages. */
    void detach();

    /**
     * The int32 at {@code offset} of the page as it is right now (the packetId at offset 0).
     *
     * @throws GameNotRunningException when the pages disappeared since {@link #attach()}
     */
    int readInt(Page page, int offset);

    /**
     * Copies the page as it is right now into {@code into} (at least {@link Page#size()} bytes) and
     * returns the page's length, which is shorter than {@link Page#size()} for older AC builds.
     *
     * @throws GameNotRunningException when the pages disappeared since {@link #attach()}
     */
    int copy(Page page, byte[] into);

    /**
     * Whether the first page seen after attaching may be left over from a finished session (true
     * for the game's memory, which outlives the session; false for a folder the user chose to
     * read).
     */
    default boolean firstPageMayBeStale() {
        return true;
    }

    /** True once no pages will ever come again (a simulated scenario that has finished). */
    default boolean ended() {
        return false;
    }

    /**
     * What this source reads, for messages ("shared memory Local\acpmf_*", "folder C:\...", ...).
     */
    String describe();

    @Override
    void close();
}
