package io.actelemetry.bridge.mapping;

import io.actelemetry.bridge.pages.GraphicsPage;
import io.actelemetry.bridge.pages.PhysicsPage;
import io.actelemetry.bridge.pages.StaticPage;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Is this Assetto Corsa? AC and ACC share the mapping names, so before trusting any value the
 * static page's {@code smVersion} must be one of AC's ("1.0" .. "1.7"; ACC writes "1.8" and later,
 * with other layouts) and no page may be longer than AC's newest layout.
 */
public final class GameCheck {

    private static final Pattern VERSION = Pattern.compile("1\\.(\\d+)(\\.\\d+)*");
    private static final int NEWEST_AC_MINOR = 7;

    /**
     * Why these pages are not AC's, or empty when they are. A static page not yet written passes.
     */
    public static Optional<String> problem(
            StaticPage stat, int physicsLength, int graphicsLength, int staticLength) {
        if (physicsLength > PhysicsPage.SIZE
                || graphicsLength > GraphicsPage.SIZE
                || staticLength > StaticPage.SIZE) {
            return Optional.of(
                    "pages longer than Assetto Corsa's (physics "
                            + physicsLength
                            + ", graphics "
                            + graphicsLength
                            + ", static "
                            + staticLength
                            + " bytes): not Assetto Corsa");
        }
        String version = stat.smVersion();
        if (version.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            return Optional.of(
                    "unknown shared-memory version '" + version + "': not Assetto Corsa");
        }
        if (Integer.parseInt(m.group(1)) > NEWEST_AC_MINOR) {
            return Optional.of(
                    "shared-memory version "
                            + version
                            + " is Assetto Corsa Competizione's (AC writes 1.7 or older); its pages"
                            + " have another layout");
        }
        return Optional.empty();
    }

    private GameCheck() {}
}
