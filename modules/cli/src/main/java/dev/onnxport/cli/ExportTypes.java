package dev.onnxport.cli;

import dev.onnxport.export.ExportModes;
import dev.onnxport.spi.OperatorExportType;
import java.util.Collections;
import java.util.Iterator;
import java.util.SortedSet;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --type NAME}: any export type whose mode is on the module path, by its name; the help lists those present. */
final class ExportTypes {
    private ExportTypes() {}

    /** The module path does not change while the command runs: one look-up serves every parse. */
    private static volatile SortedSet<OperatorExportType> available;

    static SortedSet<OperatorExportType> available() {
        SortedSet<OperatorExportType> a = available;
        if (a == null) available = a = Collections.unmodifiableSortedSet(ExportModes.available());
        return a;
    }

    /** Parses a type name while the arguments are parsed, so that an unknown or missing type is a usage error. */
    static final class Converter implements ITypeConverter<OperatorExportType> {
        @Override
        public OperatorExportType convert(String v) {
            SortedSet<OperatorExportType> available = available();
            OperatorExportType t;
            try {
                t = OperatorExportType.of(v);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + v + "' is not an operator export type; available: "
                        + ExportModes.names(available));
            }
            if (!available.contains(t)) {
                throw new TypeConversionException("operator export type " + t + " is not available: no module on the "
                        + "module path provides it; available: " + ExportModes.names(available));
            }
            return t;
        }
    }

    /** The names of the types present, for the help's {@code ${COMPLETION-CANDIDATES}}. */
    static final class Available implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return available().stream().map(OperatorExportType::name).iterator();
        }
    }
}
