package dev.onnxport.onnx.reader;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.writer.OnnxWriter;
import dev.onnxport.util.MappedFiles;
import dev.onnxport.util.Temporaries;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads ONNX models given by users (to {@code check}, {@code verify}, {@code inspect}) within {@link ReadLimits}:
 * a protobuf file (external data beside it), a folder holding {@code model.onnx}, or a zip archive of those.
 * Every fault is a {@link ModelFileError} naming the path given and what is wrong; no input makes it throw a
 * StackOverflowError or OutOfMemoryError, or read outside the model's folder.
 *
 * <p>Memory is proportional to the graph, not the weights: the protobuf file is memory-mapped and parsed with
 * aliasing, so embedded {@code raw_data} stays a view of the mapping (typed fields such as {@code float_data}
 * are decoded onto the heap, as protobuf must), and external data files are never read, only located.
 * A file truncated or rewritten by someone else while it is parsed fails with a {@link ModelFileError} saying so; the
 * mapping is recorded with {@link MappedFiles}, so that a fault in a later read of its raw data is explained too.
 */
public final class OnnxModelReader {
    private OnnxModelReader() {}

    /** Reads a model file, folder or zip archive with the default limits. */
    public static OnnxModel read(Path path) { return read(path, ReadLimits.DEFAULTS); }

    /** Reads a model file, folder or zip archive; the caller closes the result (it may hold a temporary folder). */
    public static OnnxModel read(Path path, ReadLimits limits) {
        if (!Files.exists(path)) throw new ModelFileError(path, "no such file or folder");
        if (Files.isDirectory(path)) {
            Path m = path.resolve(OnnxWriter.MODEL_ENTRY);
            if (!Files.isRegularFile(m)) throw new ModelFileError(path, "is a folder without " + OnnxWriter.MODEL_ENTRY);
            return new OnnxModel(path, m, readFile(path, m, limits), null);
        }
        if (!Files.isRegularFile(path)) {
            throw new ModelFileError(path, "is a FIFO, device or socket, not a model file; give a regular file, a folder or a zip archive");
        }
        if (!isZip(path)) return new OnnxModel(path, path, readFile(path, path, limits), null);
        Path dir = ZipExtraction.extract(path, limits);
        try {
            Path m = dir.resolve(OnnxWriter.MODEL_ENTRY);
            if (!Files.isRegularFile(m)) throw new ModelFileError(path, "is a zip archive without an entry " + OnnxWriter.MODEL_ENTRY);
            return new OnnxModel(path, m, readFile(path, m, limits), dir);
        } catch (RuntimeException | Error e) {
            Temporaries.delete(dir);
            throw e;
        }
    }

    /**
     * Parses and checks model bytes held in memory, with the default limits; external data locations are
     * checked for form only (there is no folder). The entry point for fuzzing.
     */
    public static ModelProto parse(byte[] bytes) { return parse(bytes, ReadLimits.DEFAULTS); }

    public static ModelProto parse(byte[] bytes, ReadLimits limits) {
        if (bytes.length > limits.maxModelFileBytes()) throw tooLarge(null, bytes.length, limits);
        ModelProto m = parse(UnsafeByteOperations.unsafeWrap(bytes), null, limits);
        new LimitCheck(null, null, limits).model(m);
        return m;
    }

    private static ModelProto readFile(Path given, Path file, ReadLimits limits) {
        ModelProto m;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > limits.maxModelFileBytes()) throw tooLarge(given, size, limits);
            // The mapping outlives the channel; aliased raw_data keeps it alive as long as the model. Large payloads
            // are parsed as views of it, never read; the structure around them is read (PayloadSkippingBytes).
            m = parse(PayloadSkippingBytes.of(ch, MappedFiles.map(ch, file, 0, size)), given, limits);
        } catch (IOException e) {
            throw new ModelFileError(given, "cannot read: " + e, e);
        }
        new LimitCheck(given, file.toAbsolutePath().getParent(), limits).model(m);
        return m;
    }

    /** The fault of a file truncated or rewritten while it is mapped and parsed. */
    static final String CHANGED = "changed while onnxport was reading it (truncated or rewritten); leave the file alone "
            + "while onnxport reads it (write a new file and rename it into place), then run again";

    private static ModelFileError tooLarge(Path given, long size, ReadLimits limits) {
        return new ModelFileError(given, "the protobuf is " + size + " bytes, past the limit of " + limits.maxModelFileBytes()
                + " bytes (protobuf's 2 GiB); larger models keep their weights in external data");
    }

    private static ModelProto parse(ByteString bytes, Path given, ReadLimits limits) {
        CodedInputStream in = bytes.newCodedInput();
        in.enableAliasing(true);
        in.setRecursionLimit(limits.protobufRecursionLimit());
        ModelProto m;
        try {
            m = ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("too many levels of nesting")) {
                throw new ModelFileError(given, "messages nest too deeply (subgraphs are limited to "
                        + limits.maxSubgraphDepth() + " levels); the file is malformed or hostile", e);
            }
            int end = msg.indexOf(". ");  // protobuf's first sentence says what broke; the rest is advice
            throw new ModelFileError(given, "not an ONNX model: truncated or malformed protobuf ("
                    + LimitCheck.show(end > 0 ? msg.substring(0, end) : msg) + ")", e);
        } catch (IOException e) {
            throw new ModelFileError(given, "cannot read: " + e, e);
        } catch (InternalError e) {
            if (!MappedFiles.isMappingFault(e)) throw e;
            throw new ModelFileError(given, CHANGED, e);
        } catch (RuntimeException e) {
            // protobuf's own checks are meant to throw InvalidProtocolBufferException; anything else is still bad input
            throw new ModelFileError(given, "not an ONNX model: malformed protobuf (" + LimitCheck.show(String.valueOf(e)) + ")", e);
        }
        if (!m.hasGraph()) throw new ModelFileError(given, "not an ONNX model: it has no graph");
        return m;
    }

    private static boolean isZip(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
        } catch (IOException e) {
            throw new ModelFileError(p, "cannot read: " + e, e);
        }
    }
}
