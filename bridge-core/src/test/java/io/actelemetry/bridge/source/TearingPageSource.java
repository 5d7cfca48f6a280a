package io.actelemetry.bridge.source;

import io.actelemetry.bridge.pages.Layout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Wraps a source and, for the next {@code tears} copies, behaves like a game writing the page
 * during the copy: the packetId read after the copy is newer than the one inside it. Like the
 * game's memory (and unlike a folder), its first page may be stale.
 */
public final class TearingPageSource extends ForwardingPageSource {

    private int tears;
    private boolean torn;

    public TearingPageSource(PageSource inner, int tears) {
        super(inner);
        this.tears = tears;
    }

    public void tearNext(int copies) {
        tears = copies;
    }

    @Override
    public int readInt(Page page, int offset) {
        int value = super.readInt(page, offset);
        if (torn && offset == 0) {
            torn = false;
            return value + 1;
        }
        return value;
    }

    @Override
    public int copy(Page page, byte[] into) {
        int length = super.copy(page, into);
        if (tears > 0 && page.hasPacketId()) {
            tears--;
            torn = true;
            // The half written by the game already carries the next step's values.
            ByteBuffer.wrap(into)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putFloat(4, Layout.intAt(into, 0) + 0.5f);
        }
        return length;
    }

    @Override
    public boolean firstPageMayBeStale() {
        return true;
    }
}
