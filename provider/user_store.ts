/** A user as UserService stores and serves it. */
export interface User {
  id: number;
  name: string;
  email: string;
}

/**
 * Where UserService keeps its users. Asynchronous so that a networked database
 * (PostgreSQL, say) can implement it too; {@linkcode SqliteUserStore} is the
 * default.
 */
export interface UserStore {
  /** The user with `id`, or `undefined` when there is none. */
  get(id: number): Promise<User | undefined>;
  /** Creates a user with a new id, chosen by the store. */
  create(user: Omit<User, "id">): Promise<User>;
  /** Creates or replaces the user with `user.id`. */
  put(user: User): Promise<void>;
  /** Removes the user with `id`; resolves to whether one was there. */
  delete(id: number): Promise<boolean>;
  /** Removes every user. */
  clear(): Promise<void>;
  /** Releases the store; further calls fail. */
  close(): void;
}
