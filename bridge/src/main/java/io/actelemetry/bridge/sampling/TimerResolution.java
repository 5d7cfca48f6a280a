package io.actelemetry.bridge.sampling;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Locale;

/**
 * The OS timer resolution, raised while the bridge samples. Windows wakes sleeping threads on a
 * 15.6 ms tick by default, far too coarse for 3 ms physics steps; {@code timeBeginPeriod(1)} makes it
 * 1 ms. Elsewhere sleeps are already fine-grained and this does nothing.
 */
interface TimerResolution extends AutoCloseable {

    @Override
    void close();

    static TimerResolution raise() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return () -> { };
        }
        Winmm winmm = Native.load("winmm", Winmm.class);
        winmm.timeBeginPeriod(1);
        return () -> winmm.timeEndPeriod(1);
    }

    /** The two calls of winmm.dll this needs. */
    interface Winmm extends Library {
        int timeBeginPeriod(int periodMs);

        int timeEndPeriod(int periodMs);
    }
}
