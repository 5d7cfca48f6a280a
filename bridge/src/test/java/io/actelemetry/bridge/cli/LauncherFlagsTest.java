package io.actelemetry.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The benchmark measures the bridge's CPU with the JVM flags a gamer's launcher starts it with: the
 * {@code .cmd} and PowerShell launchers and the {@code bench} profile's run must agree (the bench's
 * heap apart: it runs in the 32 MB to show that it fits).
 */
class LauncherFlagsTest {

    private static String read(String path) throws IOException {
        return Files.readString(Path.of(path)); // tests run in the module's folder
    }

    /** The first group of {@code regex}'s first match in {@code text}. */
    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }

    private static List<String> all(String text, String regex) {
        return Pattern.compile(regex).matcher(text).results().map(r -> r.group(1)).toList();
    }

    private static List<String> withoutHeap(List<String> flags) {
        return flags.stream().filter(f -> !f.startsWith("-Xmx")).toList();
    }

    @Test
    void launchersAndTheBenchmarkStartJavaWithTheSameFlags() throws IOException {
        List<String> cmd =
                Arrays.asList(
                        find(
                                        read("src/main/dist/ac-bridge.cmd"),
                                        "\"%JAVA%\" (-[^%]*)%AC_BRIDGE_JAVA_OPTS%")
                                .trim()
                                .split("\\s+"));
        List<String> ps1 =
                all(
                        find(read("src/main/dist/ac-bridge.ps1"), "\\$jvm = @\\(([^)]*)\\)"),
                        "'([^']*)'");
        String pom = read("pom.xml");
        String bench = pom.substring(pom.indexOf("<id>bridge-333hz</id>"));
        List<String> benchFlags =
                all(
                        bench.substring(0, bench.indexOf("<argument>-classpath</argument>")),
                        "<argument>(-[^<]*)</argument>");

        assertThat(cmd)
                .contains(
                        "-Xmx128m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:-UsePerfData");
        assertThat(ps1).isEqualTo(cmd);
        assertThat(withoutHeap(benchFlags)).isEqualTo(withoutHeap(cmd));
        assertThat(benchFlags).contains("-Xmx32m");
    }
}
