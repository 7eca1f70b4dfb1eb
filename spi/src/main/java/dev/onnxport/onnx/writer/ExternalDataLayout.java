package dev.onnxport.onnx.writer;

import dev.onnxport.onnx.proto.StringStringEntryProto;
import dev.onnxport.onnx.proto.TensorProto;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each initializer goes in the external data file, following ONNX's external-data convention
 * ({@code data_location = EXTERNAL}, {@code external_data} entries {@code location}, {@code offset},
 * {@code length}).
 *
 * <p>Layout: one file, tensors in initializer order, each starting at an offset that is a multiple of
 * {@value #ALIGNMENT} bytes (a page, so runtimes can memory-map each tensor); the gaps are zero bytes.
 * Tensors smaller than {@value #SIZE_THRESHOLD} bytes stay embedded in the model, as ONNX's own
 * {@code convert_model_to_external_data} does by default. The location is the data file's bare name,
 * relative to the model file: never absolute, never with a folder or {@code ..}. A model written to a path names
 * its data file uniquely ({@link OnnxWriter}: {@code NAME.ID.data}); inside a zip archive it is
 * {@code model.onnx.data}.
 */
public final class ExternalDataLayout {
    public static final int ALIGNMENT = 4096;
    public static final long SIZE_THRESHOLD = 1024;

    private final String location;
    private final List<Placement> placements;
    private final Map<AssembledModel.Initializer, Placement> byInit = new IdentityHashMap<>();
    private final long fileSize;

    /** One tensor in the data file. */
    public record Placement(AssembledModel.Initializer initializer, long offset, long length) {}

    private ExternalDataLayout(String location, List<Placement> placements, long fileSize) {
        this.location = location;
        this.placements = Collections.unmodifiableList(placements);
        this.fileSize = fileSize;
        for (Placement p : placements) byInit.put(p.initializer(), p);
    }

    /** Places every initializer of at least {@value #SIZE_THRESHOLD} bytes in a file named {@code location}. */
    public static ExternalDataLayout plan(List<AssembledModel.Initializer> inits, String location) {
        checkLocation(location);
        List<Placement> out = new ArrayList<>();
        long cursor = 0;
        for (AssembledModel.Initializer i : inits) {
            long len = TensorBytes.rawSize(i.data());
            if (len < SIZE_THRESHOLD) continue;
            long offset = align(cursor);
            out.add(new Placement(i, offset, len));
            cursor = offset + len;
        }
        return new ExternalDataLayout(location, out, cursor);
    }

    /** The same placements in a file named {@code other}. */
    ExternalDataLayout at(String other) {
        checkLocation(other);
        return new ExternalDataLayout(other, placements, fileSize);
    }

    static long align(long n) { return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT; }

    private static void checkLocation(String location) {
        if (location.isEmpty() || location.contains("/") || location.contains("\\") || location.equals("..")
                || location.equals(".")) {
            throw new IllegalArgumentException("external data location '" + location
                    + "' must be a bare file name beside the model (no folders, no '..')");
        }
    }

    public String location() { return location; }
    public List<Placement> placements() { return placements; }
    public long fileSize() { return fileSize; }
    public boolean isEmpty() { return placements.isEmpty(); }

    /** The placement of {@code init}, or null when it stays embedded. */
    Placement placement(AssembledModel.Initializer init) { return byInit.get(init); }

    /** The TensorProto of an external initializer: header plus external_data and data_location, no raw data. */
    TensorProto header(Placement p) {
        return TensorBytes.header(p.initializer().name(), p.initializer().data())
                .addExternalData(entry("location", location))
                .addExternalData(entry("offset", Long.toString(p.offset())))
                .addExternalData(entry("length", Long.toString(p.length())))
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .build();
    }

    private static StringStringEntryProto entry(String k, String v) {
        return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }

    /** Writes the data file: each tensor at its offset, zero padding between. */
    public void writeData(OutputStream out) throws IOException {
        byte[] buffer = out instanceof ChannelSink ? null : new byte[TensorBytes.CHUNK];
        byte[] zeros = new byte[ALIGNMENT];
        long pos = 0;
        for (Placement p : placements) {
            out.write(zeros, 0, (int) (p.offset() - pos));
            TensorBytes.stream(p.initializer().data(), out, buffer);
            pos = p.offset() + p.length();
        }
    }
}
