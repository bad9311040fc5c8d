import { z } from 'zod';

export const uuidParam = z.uuid('must be a UUID');
