package io.actelemetry.bridge.source;

/** A page source passing everything to another; tests override the one call they make misbehave. */
public class ForwardingPageSource implements PageSource {

    private final PageSource inner;

    public ForwardingPageSource(PageSource inner) {
        this.inner = inner;
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
        return inner.readInt(page, offset);
    }

    @Override
    public int copy(Page page, byte[] into) {
        return inner.copy(page, into);
    }

    @Override
    public boolean ended() {
        return inner.ended();
    }

    @Override
    public String describe() {
        return "forwarding to " + inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
