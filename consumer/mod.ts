/**
 * OrderService, the consumer, with its typed client for UserService, its
 * order store and its handler of UserService's events.
 *
 * @module
 */
export * from "./errors.ts";
export * from "./order.ts";
export * from "./order_service.ts";
export * from "./sqlite_order_store.ts";
export * from "./user.ts";
export * from "./user_client.ts";
export * from "./user_events.ts";
