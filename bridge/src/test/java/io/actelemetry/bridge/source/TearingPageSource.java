package io.actelemetry.bridge.source;

import io.actelemetry.bridge.pages.Layout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Wraps a source and, for the next {@code tears} copies, behaves like a game writing the page during
 * the copy: the packetId read after the copy is newer than the one inside it.
 */
public final class TearingPageSource implements PageSource {

    private final PageSource inner;
    private int tears;
    private boolean torn;

    public TearingPageSource(PageSource inner, int tears) {
        this.inner = inner;
        this.tears = tears;
    }

    public void tearNext(int copies) {
        tears = copies;
    }

    @Override
    public boolean attach() {
        return inner.attach();
    }

    @Override
    public void detach() {
        inner.detach();
    }

    @Override
    public int readInt(Page page, int offset) {
        int value = inner.readInt(page, offset);
        if (torn && offset == 0) {
            torn = false;
            return value + 1;
        }
        return value;
    }

    @Override
    public int copy(Page page, byte[] into) {
        int length = inner.copy(page, into);
        if (tears > 0 && page.hasPacketId()) {
            tears--;
            torn = true;
            // The half written by the game already carries the next step's values.
            ByteBuffer.wrap(into).order(ByteOrder.LITTLE_ENDIAN).putFloat(4, Layout.intAt(into, 0) + 0.5f);
        }
        return length;
    }

    @Override
    public boolean ended() {
        return inner.ended();
    }

    @Override
    public String describe() {
        return "tearing " + inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
