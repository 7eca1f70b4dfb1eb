package dev.onnxport.fallthrough.probe;

import dev.onnxport.export.ExportModes;
import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.nn.Module;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.spi.ExportMode;
import dev.onnxport.tensor.Tensor;

/**
 * Run in a separate JVM by {@link dev.onnxport.fallthrough.DiscoveryLaunchTest}: for each operator export type,
 * asks {@link ExportModes} for its mode and exports a one-op model with it, printing {@code TYPE ok MODULE}
 * (MODULE is "unnamed" on the class path) or {@code TYPE error MESSAGE}. Its package belongs to no module
 * under test, so it runs from the class path whatever is on the module path.
 */
public final class AskModes {
    private AskModes() {}

    public static void main(String[] args) {
        Module relu = new Module() {
            @Override public Object invoke(Tensor... in) { return AtenOps.registry().get("aten::relu").call1(in[0]); }
        };
        Tensor[] x = {Tensor.of(new float[] {-1, 2}, 2)};
        for (OperatorExportType t : OperatorExportType.values()) {
            try {
                ExportMode m = ExportModes.get(t);
                OnnxExport.exportToPrettyString(relu, x, ExportOptions.builder().operatorExportType(t).opsetVersion(17).build());
                java.lang.Module module = m.getClass().getModule();
                System.out.println(t + " ok " + (module.isNamed() ? module.getName() : "unnamed"));
            } catch (OnnxExporterError e) {
                System.out.println(t + " error " + e.getMessage().replace('\n', ' '));
            }
        }
    }
}
