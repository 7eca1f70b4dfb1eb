package dev.onnxport.onnx.writer;

import com.google.protobuf.ByteString;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A tensor's ONNX raw data: little-endian elements in row-major order, streamed from storage in chunks. */
final class TensorBytes {
    private TensorBytes() {}

    /** Size of the reusable copy buffer; the only heap the writer needs per tensor. */
    static final int CHUNK = 1 << 20;

    static long rawSize(Tensor t) { return t.numel() * t.dtype().byteSize(); }

    /** dims, data_type and name: the TensorProto fields that come before raw_data (field 9). */
    static TensorProto.Builder header(String name, Tensor t) {
        TensorProto.Builder b = TensorProto.newBuilder();
        for (long d : t.shape()) b.addDims(d);
        b.setDataType(t.dtype().onnxCode());
        if (name != null) b.setName(name);
        return b;
    }

    /** A complete TensorProto with embedded raw data; for small tensors (attributes, subgraph constants). */
    static TensorProto embedded(String name, Tensor t) {
        // An empty tensor has no data field at all: the checkers read a present raw_data as data for 0 elements.
        if (rawSize(t) == 0) return header(name, t).build();
        ByteString.Output out = ByteString.newOutput((int) rawSize(t));
        try {
            stream(t, out, new byte[(int) Math.min(CHUNK, Math.max(1, rawSize(t)))]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // An empty tensor carries no data field at all: the ONNX checker rejects a 0-element tensor with raw_data set.
        if (t.numel() == 0) return header(name, t).build();
        return header(name, t).setRawData(out.toByteString()).build();
    }

    /**
     * Writes the raw data of {@code t} to {@code out} through {@code buffer}, straight from storage: a
     * memory-mapped file stays mapped and a strided view (a transposed weight) is read row by row, never
     * copied whole. A {@link ChannelSink} takes the tensor without the byte[] step.
     */
    static void stream(Tensor t, OutputStream out, byte[] buffer) throws IOException {
        if (t.isMeta()) throw new IllegalStateException("tensor " + t + " has no data (meta tensor)");
        if (out instanceof ChannelSink sink) {
            sink.writeTensor(t);
            return;
        }
        int es = t.dtype().byteSize();
        long perChunk = Math.max(1, buffer.length / es);
        ByteBuffer bb = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
        long n = t.numel();
        for (long from = 0; from < n; from += perChunk) {
            long count = Math.min(perChunk, n - from);
            bb.clear();
            t.copyBytesTo(from, count, bb);
            out.write(buffer, 0, (int) (count * es));
        }
    }
}
