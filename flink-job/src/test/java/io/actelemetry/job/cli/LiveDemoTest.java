package io.actelemetry.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.job.sink.ParquetTables;
import io.actelemetry.job.sink.TableReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --live}: the simulated car through the bridge's ingest client into the live job gives
 * the laps and segments, and prints the lap table, that the replay demo gives for the same session;
 * every frame once (checked sequence by sequence, across a failover, in {@code
 * ProcessFailoverTest}); and the drain that stops it is quiet.
 */
class LiveDemoTest {

    @TempDir Path dir;

    @Test
    void theLiveDemoGivesTheReplayDemosTables() throws Exception {
        String scenario = "scenario=laps,laps=1";
        CliRun liveRun =
                CliRun.of(
                        "demo",
                        "--live",
                        "--speed",
                        "40",
                        "--dir",
                        dir.resolve("live").toString(),
                        "--scenario",
                        scenario);
        String live = liveRun.ok();
        String replay =
                CliRun.of("demo", "--dir", dir.resolve("replay").toString(), "--scenario", scenario)
                        .ok();

        assertThat(live)
                .contains("the job committed every one (0 reconnects, 0 evicted)")
                .contains("Best lap ");
        // the drain ends every task; nothing after it is declined or warned about
        assertThat(liveRun.err()).doesNotContain("WARN").doesNotContain("Exception");
        assertThat(lapTable(live)).isEqualTo(lapTable(replay)).contains("flying");
        assertThat(TableReader.count(dir.resolve("live/out"), ParquetTables.FRAMES))
                .isEqualTo(TableReader.count(dir.resolve("replay/out"), ParquetTables.FRAMES))
                .isPositive();
        assertThat(live).contains("Report: " + dir.resolve("live/out/reports"));
        for (String table :
                List.of(
                        ParquetTables.LAPS,
                        ParquetTables.SEGMENTS,
                        ParquetTables.TRACES,
                        ParquetTables.CORNERS)) {
            assertThat(rows(dir.resolve("live/out"), table))
                    .as(table)
                    .isEqualTo(rows(dir.resolve("replay/out"), table))
                    .isNotEmpty();
        }
    }

    /** From the first session heading on: what does not name a folder. */
    private static String lapTable(String printed) {
        return printed.substring(printed.indexOf("\n\nSession "), printed.indexOf("\nReport: "));
    }

    private static List<String> rows(Path out, String table) throws Exception {
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> r : TableReader.rows(out, table)) rows.add(r.toString());
        rows.sort(Comparator.naturalOrder());
        return rows;
    }
}
