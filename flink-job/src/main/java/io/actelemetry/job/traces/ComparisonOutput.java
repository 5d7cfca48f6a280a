package io.actelemetry.job.traces;

import io.actelemetry.job.corners.CornerRow;

/** Where a lap's comparison with its reference goes. */
public interface ComparisonOutput {
    void trace(TraceRow row);

    void corner(CornerRow row);
}
