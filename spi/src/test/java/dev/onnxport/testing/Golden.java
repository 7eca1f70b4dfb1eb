package dev.onnxport.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.GraphPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-file checks of printed graphs and layouts, shared by every module's tests. The expected text lives in
 * the module's {@code src/test/resources/golden/<name>.txt} ({@code name} may hold sub-folders); a mismatch
 * fails with a diff-friendly message.
 *
 * <p>To (re)write the files after an intended change, run the tests with {@code -Dgolden.update=true}, e.g.
 * {@code mvn -B -o test -pl spi -Dtest='PassesTest' -Dgolden.update=true}, then review the changes with
 * {@code git diff spi/src/test/resources/golden} before committing. The files are written into the source
 * tree (found from the {@code basedir} property Surefire sets, or the working directory), not into
 * {@code target/}. Graphs are printed without Java source lines, so editing a test file does not change them.
 */
public final class Golden {
    private Golden() {}

    /** Compares {@code actual} with the golden file {@code name}.txt, or rewrites it in update mode. */
    public static void check(String name, String actual) {
        Path file = dir().resolve(name + ".txt");
        if (Boolean.getBoolean("golden.update")) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write golden file " + file, e);
            }
            return;
        }
        if (!Files.exists(file)) {
            fail("golden file " + file + " is missing; run with -Dgolden.update=true to create it, then review it");
        }
        try {
            assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual,
                    "printed graph differs from " + file + " (rerun with -Dgolden.update=true if the change is intended)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden file " + file, e);
        }
    }

    /** Prints a graph for golden files: scopes, no source lines. */
    public static String print(Graph g) { return GraphPrinter.print(g, false); }

    private static Path dir() {
        String base = System.getProperty("basedir");
        Path root = base != null ? Path.of(base) : Path.of("").toAbsolutePath();
        if (!Files.isDirectory(root.resolve("src/test")) && Files.isDirectory(root.resolve("spi/src/test"))) root = root.resolve("spi");
        return root.resolve("src/test/resources/golden");
    }
}
