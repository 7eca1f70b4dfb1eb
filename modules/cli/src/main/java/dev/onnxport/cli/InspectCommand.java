package dev.onnxport.cli;

import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.onnx.proto.ValueInfoProto;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Summarizes an ONNX model, or prints it as a Graphviz graph. */
@Command(name = "inspect", header = "Summarize an ONNX model: opsets, inputs and outputs with named dims, operators, weights.",
        mixinStandardHelpOptions = true,
        description = "Summarize an ONNX model: IR version, opsets, inputs and outputs with shapes (named dims shown), "
                + "op histogram and parameter bytes; with --dot, print a Graphviz graph of it instead.",
        footer = {"", "Examples:", "  onnxport inspect resnet18.onnx", "  onnxport inspect resnet18.onnx --dot | dot -Tsvg > resnet18.svg"})
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "an .onnx file, a folder with model.onnx, or a zip archive")
    Path file;

    @Option(names = "--dot", description = "print a Graphviz digraph (one box per node, edges labelled with shapes)")
    boolean dot;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ModelFile mf = ModelFile.open(file)) {
            ModelProto m = mf.proto();
            if (dot) out.print(DotGraph.of(m.getGraph()));
            else summary(m, out);
        }
        out.flush();
        return 0;
    }

    /** Control-flow bodies (graph attributes), nested ones indented: node count and op histogram of each. */
    private static void subgraphs(GraphProto g, String indent, PrintWriter out, boolean first) {
        boolean header = first;
        for (NodeProto n : g.getNodeList()) {
            for (dev.onnxport.onnx.proto.AttributeProto a : n.getAttributeList()) {
                if (!a.hasG()) continue;
                if (header) {
                    out.println("subgraphs:");
                    header = false;
                }
                GraphProto b = a.getG();
                Map<String, Integer> h = new TreeMap<>();
                for (NodeProto bn : b.getNodeList()) h.merge(bn.getDomain().isEmpty() ? bn.getOpType() : bn.getDomain() + "::" + bn.getOpType(), 1, Integer::sum);
                out.printf("%s%s %s: %d nodes (%s)%n", indent, n.getName().isEmpty() ? n.getOpType() : n.getName(), a.getName(),
                        b.getNodeCount(), h.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
                subgraphs(b, indent + "  ", out, false);
            }
        }
    }

    private void summary(ModelProto m, PrintWriter out) {
        GraphProto g = m.getGraph();
        out.printf("%s: ir_version %d, producer %s %s, graph %s%n", file, m.getIrVersion(), m.getProducerName(),
                m.getProducerVersion(), g.getName());
        out.println("opsets: " + CheckCommand.opsetText(m.getOpsetImportList()));
        Set<String> initializers = new HashSet<>();
        g.getInitializerList().forEach(t -> initializers.add(t.getName()));
        out.println("inputs:");
        for (ValueInfoProto v : g.getInputList()) {
            if (!initializers.contains(v.getName())) out.printf("  %s: %s%n", v.getName(), OnnxTypes.text(v.getType()));
        }
        out.println("outputs:");
        for (ValueInfoProto v : g.getOutputList()) out.printf("  %s: %s%n", v.getName(), OnnxTypes.text(v.getType()));

        Map<String, Integer> hist = new TreeMap<>();
        for (NodeProto n : g.getNodeList()) {
            hist.merge(n.getDomain().isEmpty() ? n.getOpType() : n.getDomain() + "::" + n.getOpType(), 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> sorted = hist.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .toList();
        out.printf("nodes: %d (%s)%n", g.getNodeCount(),
                sorted.stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        subgraphs(g, "  ", out, true);

        long params = 0, bytes = 0, external = 0;
        for (TensorProto t : g.getInitializerList()) {
            params += OnnxTypes.numel(t);
            bytes += OnnxTypes.bytes(t);
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) external++;
        }
        out.printf("initializers: %d, %,d parameters, %,d parameter bytes%s%n", g.getInitializerCount(), params, bytes,
                external == 0 ? "" : " (" + external + " in external data)");
    }
}
