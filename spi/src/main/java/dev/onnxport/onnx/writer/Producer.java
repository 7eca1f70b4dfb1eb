package dev.onnxport.onnx.writer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The producer written into every model: "onnxport" and the project version (filtered into a resource at build time). */
public final class Producer {
    private Producer() {}

    public static final String NAME = "onnxport";
    private static final String VERSION = load();

    public static String version() { return VERSION; }

    private static String load() {
        try (InputStream in = Producer.class.getResourceAsStream("onnxport-version.properties")) {
            if (in == null) throw new IllegalStateException("onnxport-version.properties is missing from the onnxport core jar");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
