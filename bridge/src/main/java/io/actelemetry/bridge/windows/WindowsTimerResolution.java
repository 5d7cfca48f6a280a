package io.actelemetry.bridge.windows;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.actelemetry.bridge.sampling.TimerResolution;

/**
 * Windows wakes sleeping threads on a 15.6 ms tick by default, far too coarse for 3 ms physics
 * steps; {@code timeBeginPeriod(1)} makes it 1 ms while the bridge samples. Elsewhere sleeps are
 * already fine-grained and nothing is changed.
 */
public final class WindowsTimerResolution {

    /** Raises the timer resolution to 1 ms on Windows; the result restores it when closed. */
    public static TimerResolution raise() {
        if (!SharedMemoryPageSource.supported()) {
            return TimerResolution.UNCHANGED;
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

    private WindowsTimerResolution() {}
}
