package dev.onnxport.onnx.reader;

import dev.onnxport.onnx.proto.AttributeProto;
import dev.onnxport.onnx.proto.FunctionProto;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.SparseTensorProto;
import dev.onnxport.onnx.proto.StringStringEntryProto;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.onnx.proto.TensorShapeProto;
import dev.onnxport.onnx.proto.TrainingInfoProto;
import dev.onnxport.onnx.proto.TypeProto;
import dev.onnxport.onnx.proto.ValueInfoProto;
import dev.onnxport.onnx.schema.ElementTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a parsed model once and enforces the {@link ReadLimits} that parsing cannot: subgraph depth, rank,
 * dims (non-negative, product within 64 bits), declared tensor sizes, and external data locations that stay
 * inside the model's folder (no absolute path, no {@code ..}, no symbolic link leading out). It reads no
 * tensor data; whether the data matches the shape is the structural checker's business.
 */
final class LimitCheck {
    private final Path given;
    private final Path modelDir;
    private final ReadLimits limits;
    /** Real path of each external data file already confirmed inside the folder. */
    private final Map<String, Path> confirmed = new HashMap<>();

    /** @param modelDir where external data lives; null for in-memory bytes (locations checked for form only) */
    LimitCheck(Path given, Path modelDir, ReadLimits limits) {
        this.given = given;
        this.modelDir = modelDir;
        this.limits = limits;
    }

    void model(ModelProto m) {
        graph(m.getGraph(), "graph", 0);
        for (FunctionProto f : m.getFunctionsList()) {
            String where = "function '" + show(f.getName()) + "'";
            for (AttributeProto a : f.getAttributeProtoList()) attribute(a, where, where, 0);
            for (ValueInfoProto v : f.getValueInfoList()) valueInfo(v, where);
            nodes(f.getNodeList(), where, 0);
        }
        for (TrainingInfoProto t : m.getTrainingInfoList()) {
            if (t.hasInitialization()) graph(t.getInitialization(), "training initialization", 0);
            if (t.hasAlgorithm()) graph(t.getAlgorithm(), "training algorithm", 0);
        }
    }

    private void graph(GraphProto g, String where, int depth) {
        if (depth > limits.maxSubgraphDepth()) {
            throw fail(where + ": subgraphs nest more than " + limits.maxSubgraphDepth() + " levels deep, the limit");
        }
        for (TensorProto t : g.getInitializerList()) tensor(t, where + " initializer '" + show(t.getName()) + "'");
        for (SparseTensorProto s : g.getSparseInitializerList()) sparse(s, where + " sparse initializer");
        for (ValueInfoProto v : g.getInputList()) valueInfo(v, where);
        for (ValueInfoProto v : g.getOutputList()) valueInfo(v, where);
        for (ValueInfoProto v : g.getValueInfoList()) valueInfo(v, where);
        nodes(g.getNodeList(), where, depth);
    }

    private void nodes(List<NodeProto> nodes, String where, int depth) {
        for (NodeProto n : nodes) {
            String node = "node '" + show(n.getName()) + "' (" + show(n.getOpType()) + ")";
            for (AttributeProto a : n.getAttributeList()) attribute(a, where + " " + node, node, depth);
        }
    }

    /** @param owner the node (or function) alone, which names the attribute's subgraphs */
    private void attribute(AttributeProto a, String where, String owner, int depth) {
        String at = where + " attribute '" + show(a.getName()) + "'";
        if (a.hasT()) tensor(a.getT(), at);
        for (TensorProto t : a.getTensorsList()) tensor(t, at);
        if (a.hasSparseTensor()) sparse(a.getSparseTensor(), at);
        for (SparseTensorProto s : a.getSparseTensorsList()) sparse(s, at);
        if (a.hasTp()) type(a.getTp(), at);
        for (TypeProto t : a.getTypeProtosList()) type(t, at);
        // A subgraph is named by the innermost attribute holding it, so that messages stay short at any depth.
        String sub = owner + " attribute '" + show(a.getName()) + "'";
        if (a.hasG()) graph(a.getG(), sub, depth + 1);
        for (GraphProto g : a.getGraphsList()) graph(g, sub, depth + 1);
    }

    private void valueInfo(ValueInfoProto v, String where) {
        if (v.hasType()) type(v.getType(), where + " value '" + show(v.getName()) + "'");
    }

    /** Nesting of types is bounded by protobuf's recursion limit, so this recursion is too. */
    private void type(TypeProto t, String where) {
        switch (t.getValueCase()) {
            case TENSOR_TYPE -> shape(t.getTensorType().getShape(), where);
            case SPARSE_TENSOR_TYPE -> shape(t.getSparseTensorType().getShape(), where);
            case SEQUENCE_TYPE -> type(t.getSequenceType().getElemType(), where);
            case MAP_TYPE -> type(t.getMapType().getValueType(), where);
            case OPTIONAL_TYPE -> type(t.getOptionalType().getElemType(), where);
            default -> { }
        }
    }

    /** Declared value shapes: dims non-negative, rank bounded, and the known dims' product within 64 bits. */
    private void shape(TensorShapeProto s, String where) {
        rank(s.getDimCount(), where);
        long numel = 1;
        for (TensorShapeProto.Dimension d : s.getDimList()) {
            if (!d.hasDimValue()) continue;
            long v = d.getDimValue();
            if (v < 0) throw fail(where + " has dim " + v + "; dims are non-negative");
            numel = multiply(numel, v, where, "the shape's dims");
        }
    }

    private void sparse(SparseTensorProto s, String where) {
        dims(s.getDimsList(), where);
        if (s.hasValues()) tensor(s.getValues(), where + " values");
        if (s.hasIndices()) tensor(s.getIndices(), where + " indices");
    }

    private void tensor(TensorProto t, String where) {
        long numel = dims(t.getDimsList(), where);
        int type = t.getDataType();
        int bits = ElementTypes.bits(type);
        if (bits < 0) bits = 8;  // an unknown type (UNDEFINED included) counts as one byte per element
        if (bits > 0) {
            long totalBits = multiply(numel, bits, where, "its size in bits");
            long bytes = totalBits / 8 + (totalBits % 8 == 0 ? 0 : 1);
            if (bytes > limits.maxTensorBytes()) {
                throw fail(where + " declares shape " + t.getDimsList() + " (" + bytes + " bytes), past the limit of "
                        + limits.maxTensorBytes() + " bytes for one tensor");
            }
        }
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) external(t, where);
    }

    private long dims(List<Long> dims, String where) {
        rank(dims.size(), where);
        long numel = 1;
        for (long d : dims) {
            if (d < 0) throw fail(where + " has dim " + d + " in shape " + dims + "; dims are non-negative");
            numel = multiply(numel, d, where, "shape " + dims);
        }
        return numel;
    }

    private void rank(int rank, String where) {
        if (rank > limits.maxRank()) throw fail(where + " has " + rank + " dims, past the limit of " + limits.maxRank());
    }

    private long multiply(long a, long b, String where, String what) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw fail(where + ": " + what + " overflows 64 bits; the dims are absurd");
        }
    }

    private void external(TensorProto t, String where) {
        String location = null;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset", "length" -> {
                    long v = number(e.getValue(), where, e.getKey());
                    if (e.getKey().equals("length") && v > limits.maxTensorBytes()) {
                        throw fail(where + " has external data length " + v + ", past the limit of "
                                + limits.maxTensorBytes() + " bytes for one tensor");
                    }
                }
                default -> { }
            }
        }
        if (location == null || location.isEmpty()) return;  // the structural checker reports a missing location
        String loc = "external data location '" + show(location) + "' of " + where;
        if (location.startsWith("/") || location.startsWith("\\") || location.matches("^[A-Za-z]:.*")) {
            throw fail(loc + " is an absolute path; locations are relative to the model's folder");
        }
        for (String part : location.split("[/\\\\]")) {
            if (part.equals("..")) throw fail(loc + " leads out of the model's folder ('..')");
        }
        if (location.indexOf('\0') >= 0) throw fail(loc + " contains a NUL character");
        if (modelDir == null || confirmed.containsKey(location)) return;
        Path file = modelDir.resolve(location).normalize();
        if (!file.startsWith(modelDir)) throw fail(loc + " leads out of the model's folder");
        if (!Files.exists(file)) return;  // missing data is the structural checker's to report
        try {
            Path real = file.toRealPath();
            Path dirReal = modelDir.toRealPath();
            if (!real.startsWith(dirReal)) {
                throw fail(loc + " goes through a symbolic link to " + real + ", outside the model's folder " + dirReal);
            }
            if (!Files.isRegularFile(real)) throw fail(loc + " is not a regular file");
            confirmed.put(location, real);
        } catch (IOException e) {
            throw fail(loc + " cannot be resolved: " + e);
        }
    }

    private long number(String s, String where, String key) {
        try {
            long v = Long.parseLong(s);
            if (v >= 0) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw fail(where + " has external data " + key + " '" + show(s) + "', not a non-negative number");
    }

    private ModelFileError fail(String fault) { return new ModelFileError(given, fault); }

    /** A name from the file, made safe for a one-line message: control characters escaped, length capped. */
    static String show(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 120; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", (int) c));
            else b.append(c);
        }
        if (b.length() >= 120) b.append("...");
        return b.toString();
    }
}
