package dev.onnxport.cli.architecture.planted.a;

import dev.onnxport.cli.architecture.planted.b.PlantedB;

/** Half of a package cycle planted for ArchitectureTest's test of itself; never used by product code. */
public final class PlantedA {
    public PlantedB partner;
}
