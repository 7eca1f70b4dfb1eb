package dev.onnxport.fallthrough.probe;

import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.export.ExportModes;
import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.nn.Module;
import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.spi.ExportMode;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Run in a separate JVM by {@link dev.onnxport.fallthrough.DiscoveryLaunchTest}: for each operator export type named
 * in the arguments (torch's four when none are), asks {@link ExportModes} for its mode and exports a one-op model
 * with it, printing {@code TYPE ok MODULE} (MODULE is "unnamed" on the class path) or {@code TYPE error MESSAGE}.
 * System properties: {@code probe.opset} (default 17), and {@code probe.out}, a folder to write each export to as
 * {@code TYPE.onnx} (else it is only made in memory). Its package belongs to no module under test, so it runs from
 * the class path whatever is on the module path.
 */
public final class AskModes {
    private AskModes() {}

    public static void main(String[] args) {
        Module relu = new Module() {
            @Override public Object invoke(Tensor... in) { return AtenOps.registry().get("aten::relu").call1(in[0]); }
        };
        Tensor[] x = {Tensor.of(new float[] {-1, 2}, 2)};
        List<OperatorExportType> types = args.length == 0 ? OperatorExportType.wellKnown()
                : Arrays.stream(args).map(OperatorExportType::of).toList();
        int opset = Integer.getInteger("probe.opset", 17);
        String out = System.getProperty("probe.out");
        for (OperatorExportType t : types) {
            try {
                ExportMode m = ExportModes.get(t);
                ExportOptions o = ExportOptions.builder().operatorExportType(t).opsetVersion(opset).build();
                if (out == null) OnnxExport.exportToPrettyString(relu, x, o);
                else OnnxExport.export(relu, x, Path.of(out, t + ".onnx"), o);
                java.lang.Module module = m.getClass().getModule();
                System.out.println(t + " ok " + (module.isNamed() ? module.getName() : "unnamed"));
            } catch (OnnxExporterError e) {
                System.out.println(t + " error " + e.getMessage().replace('\n', ' '));
            }
        }
    }
}
