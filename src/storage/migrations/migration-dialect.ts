/** Which database a migration is running on: each migration file receives it (kept apart from the index, which imports every migration). */
export type MigrationDialect = 'sqlite' | 'postgres';
