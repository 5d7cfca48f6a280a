package io.actelemetry.job.frame;

import io.actelemetry.job.frame.FrameLayout.Entry;
import io.actelemetry.job.frame.FrameLayout.Kind;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A build before this one, as far as its frames go: its Frame had no {@code pitLimiterOn} (inside
 * the run of booleans) and no {@code raw} (the last field), and it had a {@code retiredChannel}
 * this Frame has dropped.
 */
final class OlderBuild {
    static final FrameLayout LAYOUT = layout();

    private OlderBuild() {}

    /** What that build wrote its frames with. */
    static FrameLayoutSerializer serializer() {
        return new FrameLayoutSerializer(LAYOUT);
    }

    /** {@code f} as that build kept it: the fields it did not have at Frame's defaults. */
    static Frame kept(Frame f) {
        Frame kept = FrameSerializer.deepCopy(f);
        Frame defaults = new Frame();
        Set<String> had = LAYOUT.entries().stream().map(Entry::name).collect(Collectors.toSet());
        try {
            for (Field field : Frame.class.getFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && !had.contains(field.getName())) {
                    field.set(kept, field.get(defaults));
                }
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
        return kept;
    }

    private static FrameLayout layout() {
        List<Entry> entries = new ArrayList<>(FrameLayout.CURRENT.entries());
        entries.removeIf(e -> e.name().equals("pitLimiterOn") || e.name().equals("raw"));
        entries.add(
                entries.indexOf(new Entry("gear", Kind.INT)) + 1,
                new Entry("retiredChannel", Kind.INT));
        return new FrameLayout(FrameLayout.CURRENT.version() - 1, entries);
    }
}
