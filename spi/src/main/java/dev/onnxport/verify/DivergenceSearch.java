package dev.onnxport.verify;

import dev.onnxport.errors.CheckerError;
import dev.onnxport.ir.GraphInterpreter;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.TypeProto;
import dev.onnxport.onnx.proto.ValueInfoProto;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.util.Temporaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds where an exported model first departs from the eager one. A copy of the model gets every ONNX value that
 * replaced a traced aten value as an extra graph output; the copy runs in the runtime, the traced aten graph runs
 * eagerly ({@link GraphInterpreter}) on the same inputs, and the values are compared node by node in the traced
 * graph's topological order. The first value beyond tolerance names its node: since every earlier value agreed, the
 * fault is in that node's lowering (or a numeric sensitivity there).
 *
 * <p>The copy is written beside the model (so external data resolves the same way) under a hidden temporary name,
 * run with {@link RuntimeVerifier#runOnce} (nothing of it stays cached) and deleted afterwards.
 */
final class DivergenceSearch {
    private final RuntimeVerifier runtime;
    private final TolerancePolicy policy;

    DivergenceSearch(RuntimeVerifier runtime, TolerancePolicy policy) {
        this.runtime = runtime;
        this.policy = policy;
    }

    Divergence find(TracedExport export, Tensor[] inputs, String runLabel) {
        ModelProto model = read(export.modelFile());
        Map<String, NodeProto> producers = new HashMap<>();
        for (NodeProto n : model.getGraph().getNodeList()) for (String o : n.getOutputList()) producers.put(o, n);
        Map<Value, String> probes = new LinkedHashMap<>();
        export.onnxNames().forEach((v, name) -> { if (producers.containsKey(name)) probes.put(v, name); });

        Map<String, Tensor> onnx = runWithProbes(export.modelFile(), model, probes, feeds(export, inputs));
        Map<Value, Object> eager = GraphInterpreter.run(export.atenGraph(), inputs);
        for (Node n : export.atenGraph().nodes()) {
            for (Value v : n.outputs()) {
                String name = probes.get(v);
                if (name == null || !(eager.get(v) instanceof Tensor want) || !onnx.containsKey(name)) continue;
                VerificationReport.Output c = TensorComparison.compare(name, onnx.get(name), want,
                        policy.forDtype(want.dtype()));
                if (!c.passed()) return divergence(runLabel, producers.get(name), name, n, c);
            }
        }
        return null;
    }

    private static Divergence divergence(String runLabel, NodeProto p, String value, Node aten, VerificationReport.Output c) {
        String opType = p.getDomain().isEmpty() ? p.getOpType() : p.getDomain() + "::" + p.getOpType();
        String atenOp = aten.op() != null ? aten.op().qualifiedName() : aten.kind();
        return new Divergence(runLabel, opType, p.getName(), value, atenOp, aten.scope().name(), aten.scope().moduleClass(),
                aten.source() == null ? null : aten.source().toString(), c.maxAbsError(), c.maxRelError(), c.fault());
    }

    private static Map<String, Tensor> feeds(TracedExport export, Tensor[] inputs) {
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (int i = 0; i < inputs.length; i++) feeds.put(export.inputNames().get(i), inputs[i]);
        return feeds;
    }

    /** Runs a copy of {@code model} whose outputs also include every probed value. */
    private Map<String, Tensor> runWithProbes(Path file, ModelProto model, Map<Value, String> probes,
                                                     Map<String, Tensor> feeds) {
        GraphProto g = model.getGraph();
        Set<String> outputs = new HashSet<>();
        for (ValueInfoProto o : g.getOutputList()) outputs.add(o.getName());
        Map<String, ValueInfoProto> infos = new HashMap<>();
        for (ValueInfoProto vi : g.getValueInfoList()) infos.put(vi.getName(), vi);
        GraphProto.Builder gb = g.toBuilder();
        Set<String> added = new HashSet<>();
        for (Map.Entry<Value, String> p : probes.entrySet()) {
            String name = p.getValue();
            if (outputs.contains(name) || !added.add(name)) continue;
            ValueInfoProto vi = infos.get(name);
            gb.addOutput(vi != null ? vi : typeOnly(name, p.getKey().type()));
        }
        // a value that is now a graph output must not be declared again in value_info
        List<ValueInfoProto> kept = g.getValueInfoList().stream().filter(vi -> !added.contains(vi.getName())).toList();
        gb.clearValueInfo().addAllValueInfo(kept);
        ModelProto probed = model.toBuilder().setGraph(gb).build();

        // beside the model, so that its external data resolves; a temporary (Temporaries), removed even on a signal
        Path copy = file.toAbsolutePath().resolveSibling(Temporaries.siblingName(file, "probe", Temporaries.newId()));
        try {
            Temporaries.register(copy);
            Files.write(copy, probed.toByteArray());
            return runtime.runOnce(copy, feeds);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the probe model " + copy + ": " + e.getMessage(), e);
        } finally {
            Temporaries.delete(copy);  // best effort: only a hidden temporary file could be left behind
        }
    }

    private static ValueInfoProto typeOnly(String name, Type t) {
        TypeProto.Tensor.Builder tt = TypeProto.Tensor.newBuilder().setElemType(t.dtype().onnxCode());
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tt)).build();
    }

    private static ModelProto read(Path file) {
        try {
            return ModelProto.parseFrom(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new CheckerError("cannot read the model " + file + ": " + e.getMessage(), e);
        }
    }
}
