/** Placeholder until the database template lands: keeps the config valid. */
export default function setup(): void {}
