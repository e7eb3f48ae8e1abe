// Tests run on tfjs's cpu backend, registered for Node as an app would have it.
import '@sead/node';
