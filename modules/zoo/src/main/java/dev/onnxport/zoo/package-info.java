/** Model twins: each computes the same function as its PyTorch original with the same parameter names. */
package dev.onnxport.zoo;
