package dev.onnxport.spi;

import java.util.Map;

/**
 * What a lowering needs to know about the export: the target opset of the default domain, the versions
 * of custom domains, whether the model is exported for training, and the custom symbolic functions
 * registered by the user.
 *
 * @param opset          the default-domain opset (within the mode's {@link ExportMode#opsets()})
 * @param customOpsets   versions of other domains by name (torch's custom_opsets)
 * @param training       true when exporting in training mode (dropout and batch norm keep training behaviour)
 * @param customSymbolics user symbolic functions registered at run time
 */
public record LoweringContext(int opset, Map<String, Integer> customOpsets, boolean training,
                              CustomSymbolics customSymbolics) {
    public LoweringContext {
        customOpsets = Map.copyOf(customOpsets);
    }
}
