/**
 * A store's client library is an optional peer dependency of `@faasade/core` and is not
 * installed, so the store cannot open a connection.
 */
export class PeerDependencyMissingError extends Error {
  override readonly name: string = 'PeerDependencyMissingError';
  constructor(store: string, pkg: string, cause: unknown) {
    super(
      `${store} needs the package "${pkg}", which is not installed. Run \`npm install ${pkg}\`, or pass a client you created yourself.`,
      { cause },
    );
  }
}

/** A value is too large for the store that was asked to keep it. */
export class StateValueTooLargeError extends Error {
  override readonly name: string = 'StateValueTooLargeError';
  constructor(store: string, key: string, bytes: number, limitBytes: number) {
    super(
      `The value for state key "${key}" is ${bytes} bytes of JSON; ${store} keeps at most ${limitBytes}. Store less (a reference to the data, not the data), or use a store with a larger limit.`,
    );
  }
}
