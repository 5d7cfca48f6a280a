package io.actelemetry.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actelemetry.bridge.source.FolderPageSource;
import io.actelemetry.bridge.windows.SharedMemoryPageSource;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --source}: the page source each spec names, and what is wrong with a bad one. */
class PageSourcesTest {

    @TempDir Path folder;

    @Test
    void parsesSpecs() {
        assertThat(PageSources.parse("dir:" + folder)).isInstanceOf(FolderPageSource.class);
        assertThatThrownBy(() -> PageSources.parse("dir:" + folder.resolve("missing")))
                .hasMessageContaining("no such folder");
        assertThat(PageSources.parse("sim:seed=4,scenario=laps,laps=2").describe())
                .contains("seed=4", "laps=2");
        assertThatThrownBy(() -> PageSources.parse("sim:scenario=rally"))
                .hasMessageContaining("unknown scenario");
        assertThatThrownBy(() -> PageSources.parse("tcp:1234"))
                .hasMessageContaining("unknown page source 'tcp:1234'");
        if (!SharedMemoryPageSource.supported()) {
            assertThatThrownBy(() -> PageSources.parse("shm"))
                    .hasMessageContaining("needs Windows");
        }
    }
}
