package dev.onnxport.onnx.reader;

import java.nio.file.Path;

/**
 * Child-JVM main of the signal tests: reads the zip archive {@code args[0]} (extracting it to a temporary folder),
 * prints {@code open FOLDER}, and keeps it open for two minutes, as a {@code check} of a large archive would.
 */
public final class HoldArchive {
    private HoldArchive() {}

    public static void main(String[] args) throws InterruptedException {
        try (OnnxModel m = OnnxModelReader.read(Path.of(args[0]))) {
            System.out.println("open " + m.modelDir());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
