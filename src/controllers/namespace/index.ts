/**
 * The namespace controller: deletes a Terminating namespace's content, then finalizes it.
 *
 * @packageDocumentation
 */
export {
  namespaceController,
  type NamespaceControllerMessage,
  type NamespaceControllerOptions,
  type NamespaceControllerState,
} from './namespace-controller.js';
