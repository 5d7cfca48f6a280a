package io.actelemetry.job.corners;

import java.util.ArrayList;
import java.util.List;

/**
 * The stretches of a lap where a signed signal (curvature, lateral g) stays beyond a threshold in
 * one direction: the turns. Parts of one direction a short way apart are one turn (a double apex, a
 * wobble across the threshold); a change of direction starts a new one (a chicane is two).
 */
final class Turns {
    /** Parts of one direction closer than this are one turn. */
    static final float MERGE_GAP_M = 30f;

    /** Shorter turns are kinks or noise. */
    static final float MIN_LENGTH_M = 15f;

    /** Grid indices, inclusive; the apex is where half of the turn's signal is behind. */
    record Turn(int from, int to, int apex) {}

    static List<Turn> find(float[] signal, float threshold, float stepM) {
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < signal.length; i++) {
            int side = side(signal[i], threshold);
            if (side == 0) {
                continue;
            }
            int[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last[2] == side && (i - last[1] - 1) * stepM <= MERGE_GAP_M) {
                last[1] = i;
            } else {
                runs.add(new int[] {i, i, side});
            }
        }
        List<Turn> turns = new ArrayList<>();
        for (int[] run : runs) {
            if ((run[1] - run[0]) * stepM >= MIN_LENGTH_M) {
                turns.add(new Turn(run[0], run[1], middle(signal, run[0], run[1])));
            }
        }
        return turns;
    }

    private static int side(float value, float threshold) {
        return value > threshold ? 1 : value < -threshold ? -1 : 0;
    }

    /** The centroid of the turn by how much it turns, steadier than the peak on a noisy lap. */
    private static int middle(float[] signal, int from, int to) {
        double total = 0;
        for (int i = from; i <= to; i++) {
            total += Math.abs(signal[i]);
        }
        double sum = 0;
        for (int i = from; i <= to; i++) {
            sum += Math.abs(signal[i]);
            if (sum >= total / 2) {
                return i;
            }
        }
        return to;
    }

    private Turns() {}
}
