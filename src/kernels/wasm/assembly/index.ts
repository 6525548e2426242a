// The entry of the WebAssembly kernels module: everything it exports (see ../instance.ts for the JS side).
export { matmul, matmulTransA, matmulTransB, scratchBytes, setScratch } from './matmul';
