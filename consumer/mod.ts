/**
 * OrderService, the consumer, and its typed client for UserService.
 *
 * @module
 */
export * from "./errors.ts";
export * from "./order_service.ts";
export * from "./user.ts";
export * from "./user_client.ts";
