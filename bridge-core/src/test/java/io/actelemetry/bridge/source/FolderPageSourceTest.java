package io.actelemetry.bridge.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actelemetry.bridge.pages.GraphicsPage;
import io.actelemetry.bridge.pages.Layout;
import io.actelemetry.bridge.pages.PhysicsPage;
import io.actelemetry.bridge.pages.StaticPage;
import io.actelemetry.proto.v1.AcStatus;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderPageSourceTest {

    @TempDir Path folder;

    @Test
    void missingFilesMeanTheGameIsNotRunning() throws Exception {
        FolderPageSource source = new FolderPageSource(folder);
        assertThat(source.attach()).isFalse();
        assertThatThrownBy(() -> source.readInt(Page.PHYSICS, 0))
                .isInstanceOf(GameNotRunningException.class);

        writePages(42, AcStatus.AC_STATUS_LIVE_VALUE);
        assertThat(source.attach()).isTrue();
        assertThat(source.readInt(Page.PHYSICS, 0)).isEqualTo(42);

        Files.delete(folder.resolve("acpmf_physics"));
        assertThatThrownBy(() -> source.readInt(Page.PHYSICS, 0))
                .isInstanceOf(GameNotRunningException.class)
                .hasMessageContaining("acpmf_physics");
        assertThat(source.attach()).isFalse();
    }

    @Test
    void readsRewrittenFilesAndShorterPages() throws Exception {
        writePages(1, AcStatus.AC_STATUS_LIVE_VALUE);
        FolderPageSource source = new FolderPageSource(folder);
        assertThat(source.attach()).isTrue();
        byte[] buffer = new byte[Page.PHYSICS.size()];
        assertThat(source.copy(Page.PHYSICS, buffer)).isEqualTo(592);

        // An older AC build: a 0x114-byte physics page. The tail of the buffer is cleared.
        byte[] old = new byte[0x114];
        ByteBuffer.wrap(old).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 7).putFloat(4, 0.5f);
        PageFolder.write(folder, Page.PHYSICS, old, old.length);
        java.util.Arrays.fill(buffer, (byte) 0x55);
        assertThat(source.copy(Page.PHYSICS, buffer)).isEqualTo(0x114);
        assertThat(Layout.intAt(buffer, 0)).isEqualTo(7);
        assertThat(buffer[0x114]).isZero();
        assertThat(buffer[591]).isZero();
    }

    @Test
    void captureWritesConsistentCopiesThatReadBackByteForByte() throws Exception {
        writePages(99, AcStatus.AC_STATUS_LIVE_VALUE);
        Path capture = folder.resolve("capture");
        PageSource torn = new TearingPageSource(new FolderPageSource(folder), 3);
        PageFolder.capture(torn, capture);
        for (Page page : Page.values()) {
            assertThat(Files.readAllBytes(capture.resolve(page.fileName())))
                    .isEqualTo(Files.readAllBytes(folder.resolve(page.fileName())));
        }
        assertThatThrownBy(
                        () ->
                                PageFolder.capture(
                                        new FolderPageSource(folder.resolve("none")), capture))
                .isInstanceOf(GameNotRunningException.class)
                .hasMessageContaining("not running");
    }

    @Test
    void consistentReaderRetriesTornCopiesAndGivesUpAfterTheBound() throws Exception {
        writePages(5, AcStatus.AC_STATUS_LIVE_VALUE);
        TearingPageSource source = new TearingPageSource(new FolderPageSource(folder), 2);
        source.attach();
        ConsistentReader reader = new ConsistentReader(source, 3);
        byte[] buffer = new byte[Page.PHYSICS.size()];
        assertThat(reader.copy(Page.PHYSICS, buffer)).isEqualTo(592);
        assertThat(PhysicsPage.decode(buffer, 592).gas()).isEqualTo(0.25f);
        assertThat(reader.tornReads()).isEqualTo(2);
        assertThat(reader.failedCopies()).isZero();

        source.tearNext(3);
        assertThat(reader.copy(Page.PHYSICS, buffer)).isEqualTo(-1);
        assertThat(reader.tornReads()).isEqualTo(4);
        assertThat(reader.failedCopies()).isEqualTo(1);
    }

    @Test
    void staticPageCopiesMustAgreeTwiceInARow() throws Exception {
        writePages(5, AcStatus.AC_STATUS_LIVE_VALUE);
        FolderPageSource folderSource = new FolderPageSource(folder);
        folderSource.attach();
        int[] copies = {0};
        // The game writing the static page while it is read: the first two copies differ.
        PageSource racy =
                new ForwardingPageSource(folderSource) {
                    @Override
                    public int copy(Page page, byte[] into) {
                        int length = super.copy(page, into);
                        if (page == Page.STATIC && copies[0]++ < 2) {
                            into[0x19c] = (byte) copies[0];
                        }
                        return length;
                    }
                };
        ConsistentReader reader = new ConsistentReader(racy, 4);
        byte[] buffer = new byte[Page.STATIC.size()];
        assertThat(reader.copy(Page.STATIC, buffer)).isEqualTo(684);
        assertThat(buffer[0x19c]).isZero();
        assertThat(reader.tornReads()).isEqualTo(1);
    }

    private void writePages(int packetId, int status) throws Exception {
        PhysicsPage physics = PhysicsPage.LAYOUT.empty();
        byte[] p = physics.encode();
        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putInt(0, packetId).putFloat(4, 0.25f);
        PageFolder.write(folder, Page.PHYSICS, p, p.length);
        byte[] g = GraphicsPage.LAYOUT.empty().encode();
        ByteBuffer.wrap(g).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1).putInt(4, status);
        PageFolder.write(folder, Page.GRAPHICS, g, g.length);
        byte[] s = StaticPage.LAYOUT.empty().encode();
        PageFolder.write(folder, Page.STATIC, s, s.length);
    }
}
