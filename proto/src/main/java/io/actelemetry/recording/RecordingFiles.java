package io.actelemetry.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds recordings: a file is itself, a folder is every {@code *.pb.gz} below it, in name order.
 */
public final class RecordingFiles {

    public static final String SUFFIX = ".pb.gz";

    private RecordingFiles() {}

    public static List<Path> list(Path fileOrFolder) throws IOException {
        if (!Files.exists(fileOrFolder)) {
            throw new NoSuchFileException(
                    fileOrFolder.toString(), null, "no such recording or folder");
        }
        if (!Files.isDirectory(fileOrFolder)) {
            return List.of(fileOrFolder);
        }
        try (Stream<Path> files = Files.walk(fileOrFolder)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted()
                    .toList();
        }
    }
}
