package dev.onnxport.onnx.writer;

import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Scope;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.onnx.localfunctions.LocalFunction;
import dev.onnxport.onnx.proto.AttributeProto;
import dev.onnxport.onnx.proto.FunctionProto;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.OperatorSetIdProto;
import dev.onnxport.onnx.proto.TensorShapeProto;
import dev.onnxport.onnx.proto.TypeProto;
import dev.onnxport.onnx.proto.ValueInfoProto;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns an ONNX-dialect {@link Graph} (node kinds {@code domain::OpType}, see
 * {@link dev.onnxport.spi.ExportMode}) into an {@link AssembledModel}. Deterministic: names depend only on
 * graph order, scopes and the names already given, never on identity hashes.
 *
 * <p>Names: graph inputs, initializers and graph outputs keep their names; other values keep a name set on
 * them when it is free, or get {@code <node name>_output_<i>}. Nodes are named from their scope and op type
 * like torch ({@code /layer1/0/conv1/Conv}, then {@code /layer1/0/conv1/Conv_1}, ...).
 */
public final class ModelAssembler {
    private final WriterOptions options;
    private final Map<Value, String> names = new IdentityHashMap<>();
    private final Set<String> used = new HashSet<>();
    private final Map<String, Integer> nodeNameCounts = new HashMap<>();
    private final Set<String> nodeNames = new HashSet<>();
    private final Set<String> domains = new TreeSet<>();

    private ModelAssembler(WriterOptions options) { this.options = options; }

    public static AssembledModel assemble(Graph graph, WriterOptions options) {
        return assemble(graph, options, List.of());
    }

    /**
     * Also writes the model-local {@code functions} (callees before callers); each gets its own names and its
     * own opset_import (the default domain at the model's opset, other domains as in the model), and the
     * model imports every domain a function or the graph uses.
     */
    public static AssembledModel assemble(Graph graph, WriterOptions options, List<LocalFunction> functions) {
        ModelAssembler main = new ModelAssembler(options);
        List<FunctionProto> protos = new ArrayList<>();
        for (LocalFunction f : functions) {
            ModelAssembler fa = new ModelAssembler(options);
            protos.add(fa.function(f));
            main.domains.addAll(fa.domains);
            main.domains.add(f.domain());
        }
        return main.model(graph, protos);
    }

    private FunctionProto function(LocalFunction f) {
        Graph body = f.body();
        FunctionProto.Builder fb = FunctionProto.newBuilder().setName(f.name()).setDomain(f.domain());
        for (Value v : body.inputs()) {
            claimExact(v, v.name(), "function input");
            fb.addInput(v.name());
        }
        for (Node n : body.nodes()) fb.addNode(node(n));
        for (Value v : body.outputs()) {
            String n = names.get(v);
            if (n == null) throw new OnnxExporterError("function " + f.callKind() + " returns a value its body does not define");
            fb.addOutput(n);
        }
        fb.addAllAttribute(f.attributes());
        fb.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(options.opset()));
        for (String d : domains) fb.addOpsetImport(opsetImport(d));
        if (!options.stripDocString()) fb.setDocString("module " + f.moduleClass());
        return fb.build();
    }

    private OperatorSetIdProto opsetImport(String domain) {
        return OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(options.customOpsets().getOrDefault(domain, 1)).build();
    }

    private AssembledModel model(Graph g, List<FunctionProto> functions) {
        GraphProto.Builder gb = GraphProto.newBuilder().setName(g.name());
        List<AssembledModel.Initializer> inits = new ArrayList<>();
        declareInputs(g, gb);
        // IR version 3 (opsets 7-8) requires every initializer to be a graph input as well
        boolean initsAsInputs = options.keepInitializersAsInputs() || !options.exportParams()
                || IrVersions.forOpset(options.opset()) < 4;
        for (Map.Entry<String, Value> e : g.initializers().entrySet()) {
            claimExact(e.getValue(), e.getKey(), "initializer");
            if (initsAsInputs) gb.addInput(valueInfo(e.getValue()));
            if (options.exportParams()) inits.add(new AssembledModel.Initializer(e.getKey(), e.getValue().data()));
        }
        reserveOutputs(g);
        body(g, gb);

        ModelProto.Builder mb = ModelProto.newBuilder()
                .setIrVersion(IrVersions.forOpset(options.opset()))
                .setProducerName(Producer.NAME)
                .setProducerVersion(Producer.version())
                .setGraph(gb);
        mb.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(options.opset()));
        for (String d : domains) mb.addOpsetImport(opsetImport(d));
        mb.addAllFunctions(functions);
        return new AssembledModel(mb.build(), inits);
    }

    private void declareInputs(Graph g, GraphProto.Builder gb) {
        List<Value> ins = g.inputs();
        for (int i = 0; i < ins.size(); i++) {
            Value v = ins.get(i);
            claimExact(v, v.name() != null ? v.name() : "input" + i, "graph input");
            gb.addInput(valueInfo(v));
        }
    }

    /** Graph outputs keep their names, so they are claimed before any intermediate value is named. */
    private void reserveOutputs(Graph g) {
        List<Value> outs = g.outputs();
        for (int i = 0; i < outs.size(); i++) {
            Value v = outs.get(i);
            if (names.containsKey(v)) continue;
            claimExact(v, v.name() != null ? v.name() : "output" + i, "graph output");
        }
    }

    private void body(Graph g, GraphProto.Builder gb) {
        Set<Value> outputs = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        outputs.addAll(g.outputs());
        for (Node n : g.nodes()) {
            gb.addNode(node(n));
            for (Value v : n.outputs()) {
                if (!outputs.contains(v) && v.type() != null && v.type().isTensor()) gb.addValueInfo(valueInfo(v));
            }
        }
        for (Value v : g.outputs()) gb.addOutput(valueInfo(v));
    }

    private NodeProto node(Node n) {
        String kind = n.kind();
        int sep = kind.indexOf("::");
        if (sep <= 0 || sep + 2 >= kind.length()) {
            throw new OnnxExporterError("node kind '" + kind + "' is not of the form domain::OpType" + where(n)
                    + "; the export mode must emit onnx::X for the default domain or mydomain::X");
        }
        String ns = kind.substring(0, sep);
        String opType = kind.substring(sep + 2);
        if (ns.equals("prim")) {
            throw new OnnxExporterError("node " + kind + where(n) + " was not lowered to ONNX; the export mode must "
                    + "replace every prim node (report this as a bug of the export mode)");
        }
        String domain = ns.equals("onnx") ? "" : ns;
        if (!domain.isEmpty()) domains.add(domain);
        if (!n.blocks().isEmpty()) {
            throw new OnnxExporterError("ONNX node " + kind + where(n) + " has blocks; pass subgraphs as Graph attributes "
                    + "(then_branch, else_branch, body)");
        }
        String name = nodeName(n.scope(), opType);
        NodeProto.Builder b = NodeProto.newBuilder();
        // Trailing omitted optional inputs are left out: "" marks an omitted input only in the middle, and
        // ONNX Runtime 1.29 crashes on some ops (LayerNormalization) given a trailing "".
        int count = n.inputs().size();
        while (count > 0 && n.inputs().get(count - 1) == null) count--;
        for (int i = 0; i < count; i++) {
            Value in = n.inputs().get(i);
            b.addInput(in == null ? "" : nameOf(in, n));
        }
        List<Value> outs = n.outputs();
        for (int i = 0; i < outs.size(); i++) {
            Value v = outs.get(i);
            String vn = names.get(v);
            if (vn == null) vn = claim(v, v.name() != null ? v.name() : name + "_output_" + i);
            b.addOutput(vn);
        }
        b.setName(name).setOpType(opType).setDomain(domain);
        for (Map.Entry<String, Object> a : n.attributes().entrySet()) b.addAttribute(attribute(n, a.getKey(), a.getValue()));
        if (!options.stripDocString()) {
            String doc = docString(n);
            if (!doc.isEmpty()) b.setDocString(doc);
        }
        return b.build();
    }

    private AttributeProto attribute(Node n, String key, Object v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(key);
        if (v instanceof Long l) a.setType(AttributeProto.AttributeType.INT).setI(l);
        else if (v instanceof Integer i) a.setType(AttributeProto.AttributeType.INT).setI(i);
        else if (v instanceof Boolean bo) a.setType(AttributeProto.AttributeType.INT).setI(bo ? 1 : 0);
        else if (v instanceof Double d) a.setType(AttributeProto.AttributeType.FLOAT).setF(d.floatValue());
        else if (v instanceof Float f) a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
        else if (v instanceof String s) a.setType(AttributeProto.AttributeType.STRING).setS(com.google.protobuf.ByteString.copyFromUtf8(s));
        else if (v instanceof long[] ls) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long l : ls) a.addInts(l);
        } else if (v instanceof double[] ds) {
            a.setType(AttributeProto.AttributeType.FLOATS);
            for (double d : ds) a.addFloats((float) d);
        } else if (v instanceof String[] ss) {
            a.setType(AttributeProto.AttributeType.STRINGS);
            for (String s : ss) a.addStrings(com.google.protobuf.ByteString.copyFromUtf8(s));
        } else if (v instanceof Tensor t) a.setType(AttributeProto.AttributeType.TENSOR).setT(TensorBytes.embedded(null, t));
        else if (v instanceof Graph g) a.setType(AttributeProto.AttributeType.GRAPH).setG(subgraph(g));
        else {
            throw new OnnxExporterError("attribute '" + key + "' of " + n.kind() + where(n) + " has a "
                    + (v == null ? "null value" : v.getClass().getSimpleName())
                    + "; ONNX attributes are Long, Double, String, long[], double[], String[], Tensor or Graph");
        }
        return a.build();
    }

    /** A nested graph: shares the name table, so its names never shadow outer ones; its constants are embedded. */
    private GraphProto subgraph(Graph g) {
        GraphProto.Builder gb = GraphProto.newBuilder().setName(g.name());
        declareInputs(g, gb);
        for (Map.Entry<String, Value> e : g.initializers().entrySet()) {
            claimExact(e.getValue(), e.getKey(), "initializer");
            gb.addInitializer(TensorBytes.embedded(e.getKey(), e.getValue().data()));
        }
        for (Value v : g.outputs()) {
            if (!names.containsKey(v) && v.producer() != null && v.name() != null) claimExact(v, v.name(), "subgraph output");
        }
        for (Node n : g.nodes()) {
            gb.addNode(node(n));
            for (Value v : n.outputs()) if (v.type() != null && v.type().isTensor() && !g.outputs().contains(v)) gb.addValueInfo(valueInfo(v));
        }
        for (Value v : g.outputs()) {
            if (!names.containsKey(v)) throw new OnnxExporterError("subgraph " + g.name() + " returns a value it does not define");
            gb.addOutput(valueInfo(v));
        }
        return gb.build();
    }

    private ValueInfoProto valueInfo(Value v) {
        ValueInfoProto.Builder b = ValueInfoProto.newBuilder().setName(names.get(v));
        Type t = v.type();
        if (t != null && t.isTensor() && t.dtype() != null) {
            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
            long[] dims = t.hasShape() ? t.shape() : new long[0];
            for (int d = 0; d < dims.length; d++) {
                String sym = t.symbol(d);
                TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
                if (Type.UNKNOWN_DIM.equals(sym)) { /* unknown size: leave the dimension empty */ }
                else if (sym != null) dim.setDimParam(sym);
                else dim.setDimValue(dims[d]);
                shape.addDim(dim);
            }
            TypeProto.Tensor.Builder tt = TypeProto.Tensor.newBuilder().setElemType(t.dtype().onnxCode());
            if (t.hasShape()) tt.setShape(shape);   // a tensor of unknown shape has no shape field
            b.setType(TypeProto.newBuilder().setTensorType(tt));
        }
        return b.build();
    }

    private String nameOf(Value v, Node user) {
        String s = names.get(v);
        if (s == null) {
            throw new OnnxExporterError("node " + user.kind() + where(user) + " uses a value (" + v.type()
                    + ") that no earlier node, input or initializer defines; the graph is not in topological order "
                    + "or refers to a removed node");
        }
        return s;
    }

    private void claimExact(Value v, String name, String what) {
        if (!used.add(name)) {
            throw new OnnxExporterError("two graph values are named '" + name + "' (the second is a " + what
                    + "); give inputs, outputs and parameters distinct names");
        }
        names.put(v, name);
    }

    private String claim(Value v, String base) {
        String name = base;
        for (int k = 1; !used.add(name); k++) name = base + "_" + k;
        names.put(v, name);
        return name;
    }

    private String nodeName(Scope scope, String opType) {
        String prefix = scope == null || scope.name().isEmpty() ? "" : "/" + scope.name().replace('.', '/');
        String base = prefix + "/" + opType;
        int k = nodeNameCounts.getOrDefault(base, 0);
        String name;
        do {
            name = k == 0 ? base : base + "_" + k;
            k++;
        } while (!nodeNames.add(name));
        nodeNameCounts.put(base, k);
        return name;
    }

    private static String docString(Node n) {
        StringBuilder sb = new StringBuilder();
        Scope s = n.scope();
        if (s != null && !s.name().isEmpty()) {
            sb.append(s.name());
            if (!s.moduleClass().isEmpty()) sb.append(" (").append(s.moduleClass()).append(')');
        }
        if (n.source() != null) sb.append(sb.length() > 0 ? "\n" : "").append(n.source());
        return sb.toString();
    }

    private static String where(Node n) {
        String doc = docString(n).replace('\n', ' ');
        return doc.isEmpty() ? "" : " at " + doc;
    }
}
