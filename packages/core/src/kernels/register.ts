import '../gradients.js';
import { registerJsStepKernel } from './sead-step-js.js';
import { registerJsUnrollKernels } from './sead-unroll-js.js';

// Backends that keep tensors in CPU memory (tfjs-backend-cpu, registered by name: the core never
// imports a backend) are served by SEAD's fused JavaScript kernels.
registerJsStepKernel('cpu');
registerJsUnrollKernels('cpu');
