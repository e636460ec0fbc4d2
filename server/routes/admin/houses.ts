/** Houses (Veiligheidshuizen): the list with the near duplicates to merge, create, change, merge. Landelijk onderzoekers only. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, houseNotFound } from '../../errors.js';
import { allHouses, changeHouse, createHouse, getHouse, mergeHouses, nearDuplicates, type HouseInput } from '../../services/houses.js';
import { userContext } from '../context.js';
import { fieldErrors, formFields, pageData } from './forms.js';

const houseSchema = z.object({
  name: z.string().trim().min(1, 'Vul de naam van het huis in.').max(200, 'De naam is te lang (maximaal 200 tekens).'),
  region: z.string().trim().max(200, 'De regio is te lang (maximaal 200 tekens).'),
  municipalities: z
    .string()
    .max(5000, 'Te veel tekst.')
    .transform((text) => [...new Set(text.split(/[\n,;]+/).map((m) => m.trim()).filter(Boolean))])
    .refine((list) => list.length <= 100 && list.every((m) => m.length <= 100), 'Hoogstens 100 gemeenten van elk hoogstens 100 tekens.'),
});

/** The checked house form, or field errors. */
function parseHouse(form: Record<string, string>): { value: HouseInput } | { errors: Record<string, string> } {
  const parsed = houseSchema.safeParse({ name: form.name ?? '', region: form.region ?? '', municipalities: form.municipalities ?? '' });
  if (!parsed.success) return { errors: fieldErrors(parsed.error) };
  return { value: { name: parsed.data.name, region: parsed.data.region || null, municipalities: parsed.data.municipalities } };
}

const houseRoutes: FastifyPluginAsync = async (app) => {
  const scope = { config: { access: 'manageHouses' as const } };

  async function render(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: Record<string, string>, notice: string | null = null) {
    const houses = await allHouses(app.db);
    return reply.viewAsync('pages/admin/houses', pageData(request, 'Huizen', 'houses', { houses, duplicates: nearDuplicates(houses), values, errors, notice }));
  }

  const nameTaken = (error: unknown) => error instanceof AppError && error.code === 'HOUSE_NAME_TAKEN';

  app.get('/houses', scope, async (request, reply) => {
    const merged = (request.query as { samengevoegd?: string }).samengevoegd;
    return render(request, reply, {}, {}, merged !== undefined ? 'De huizen zijn samengevoegd.' : null);
  });

  app.post('/houses', scope, async (request, reply) => {
    const form = formFields(request.body);
    const parsed = parseHouse(form);
    if ('errors' in parsed) {
      reply.status(422);
      return render(request, reply, form, parsed.errors);
    }
    try {
      const house = await createHouse(userContext(request), parsed.value);
      return render(request, reply, {}, {}, `${house.name} is aangemaakt.`);
    } catch (error) {
      if (!nameTaken(error)) throw error;
      reply.status(422);
      return render(request, reply, form, { name: (error as Error).message });
    }
  });

  const houseParam = async (request: FastifyRequest) => {
    const { houseId } = request.params as { houseId: string };
    if (!/^\d{1,12}$/.test(houseId)) throw houseNotFound();
    return getHouse(app.db, Number(houseId));
  };

  app.get('/houses/:houseId', scope, async (request, reply) => {
    const house = await houseParam(request);
    const values = { name: house.name, region: house.region ?? '', municipalities: house.municipalities.join('\n') };
    return reply.viewAsync('pages/admin/house', pageData(request, `Huis: ${house.name}`, 'houses', { house, values, errors: {} }));
  });

  app.post('/houses/:houseId', scope, async (request, reply) => {
    const house = await houseParam(request);
    const form = formFields(request.body);
    const parsed = parseHouse(form);
    let errors = 'errors' in parsed ? parsed.errors : null;
    if ('value' in parsed) {
      try {
        await changeHouse(userContext(request), house, parsed.value);
      } catch (error) {
        if (!nameTaken(error)) throw error;
        errors = { name: (error as Error).message };
      }
    }
    if (errors) {
      reply.status(422);
      return reply.viewAsync('pages/admin/house', pageData(request, `Huis: ${house.name}`, 'houses', { house, values: form, errors }));
    }
    return reply.redirect('/admin/houses', 303);
  });

  app.post('/houses/merge', scope, async (request, reply) => {
    const form = formFields(request.body);
    const from = Number(form.from);
    const into = Number(form.into);
    await mergeHouses(userContext(request), from, into);
    return reply.redirect('/admin/houses?samengevoegd', 303);
  });
};

export default houseRoutes;
