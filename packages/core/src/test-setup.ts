import * as tf from '@tensorflow/tfjs-core';
import { registerBackendLoader } from './backend.js';

// The core never imports a backend; its tests run on tfjs's cpu one, as a Node app would, with
// tfjs's production mode (no console notices).
registerBackendLoader('cpu', () => import('@tensorflow/tfjs-backend-cpu'));
tf.enableProdMode();
