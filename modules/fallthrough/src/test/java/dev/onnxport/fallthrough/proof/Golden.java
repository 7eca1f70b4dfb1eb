package dev.onnxport.fallthrough.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-file comparison against {@code src/test/resources/golden/NAME.txt}; {@code -Dgolden.update=true} rewrites
 * the files from the actual output (then read the diff before committing).
 */
final class Golden {
    private static final Path DIR = Path.of("src", "test", "resources", "golden");

    private Golden() {}

    static void check(String name, String actual) {
        Path file = DIR.resolve(name + ".txt");
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(file)) {
                throw new AssertionError("no golden file " + file.toAbsolutePath() + "; run with -Dgolden.update=true to create it");
            }
            assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "golden file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
