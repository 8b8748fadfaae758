import type { Sql } from 'postgres';

/**
 * Seeds one organisation with `prospects` prospects, three contacts each and five follow-up
 * actions each, in a handful of `INSERT … SELECT generate_series` statements, with the search
 * keys (normalised names, phone digits) and the last/next action summary filled as the use cases
 * would. Values are spread so that each filter of the advanced search matches a realistic share.
 */
export async function seedProspectsBench(sql: Sql, input: { organisationId: string; userIds: string[]; prospects: number }) {
  const users = `array[${input.userIds.map((id) => `'${id}'::uuid`).join(',')}]`;
  const n = input.prospects;
  // Display names and their normalised search keys, index for index.
  const words = ['Boulangerie', 'Garage', 'Société', 'Crêperie', 'Cabinet', 'Pharmacie', 'Hôtel', 'Café', 'Électricité', 'Menuiserie', 'Épicerie', 'Agence', 'Transports', 'Fromagerie', 'Librairie', 'Atelier'];
  const owners = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier'];
  const normalise = (value: string) => value.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
  const arr = (values: string[]) => `(array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}])`;
  const firstNames = ['Marie', 'Jean', 'Pierre', 'Sophie', 'Luc', 'Élodie', 'Hélène', 'François', 'Camille', 'Nicolas', 'Chloé', 'Julien'];
  await sql.unsafe(`
    insert into prospects (id, organisation_id, company_name, company_name_search, legal_form, siret, naf_code, tax_regime, street, postal_code, city, country,
      phone, phone_digits, source, source_salesperson_id, operational_salesperson_id, business_acquirer, note, note_search, client_type, status, created_at, updated_at)
    select gen_random_uuid(), '${input.organisationId}',
      w.word || ' ' || o.owner || ' ' || i, lower(w.norm || ' ' || o.norm || ' ' || i),
      (array['SAS','SARL','EURL','SCI','SA'])[1 + i % 5],
      lpad(((i * 7919) % 100000000000000)::text, 14, '0'),
      (array['69.20Z','56.10A','47.11B','45.20A','86.21Z','10.71C','43.21A','62.01Z'])[1 + i % 8],
      (array['Réel simplifié','Réel normal','Micro'])[1 + i % 3],
      (i % 200) || ' rue de la République', lpad(((i * 37) % 95000 + 1000)::text, 5, '0'),
      (array['Paris','Lyon','Marseille','Toulouse','Nantes','Lille','Rennes','Bordeaux','Nice','Strasbourg'])[1 + i % 10], 'FR',
      '0' || (1 + i % 5) || ' ' || lpad(((i * 104729) % 100000000)::text, 8, '0'),
      '0' || (1 + i % 5) || lpad(((i * 104729) % 100000000)::text, 8, '0'),
      (array['Salon','Web','Parrainage','Téléphone','Partenaire'])[1 + i % 5],
      (${users})[1 + i % ${input.userIds.length}],
      case when i % 50 = 0 then null else (${users})[1 + (i / 7) % ${input.userIds.length}] end,
      i % 10 = 0,
      case when i % 4 = 0 then (array['Client urgent à rappeler','Intéressé par la paie','Déménagement prévu','Recommandé par un confrère'])[1 + (i / 4) % 4] end,
      case when i % 4 = 0 then lower((array['client urgent a rappeler','interesse par la paie','demenagement prevu','recommande par un confrere'])[1 + (i / 4) % 4]) end,
      (array['company','sole_trader','individual','association','property_company','other'])[1 + i % 6],
      case when i % 10 = 1 then 'signed' when i % 10 = 2 then 'lost' else 'in_progress' end,
      now() - ((i % 1095) || ' days')::interval, now()
    from generate_series(1::bigint, ${n}) as i
    cross join lateral (select ${arr(words)}[1 + i % ${words.length}] as word, ${arr(words.map(normalise))}[1 + i % ${words.length}] as norm) w
    cross join lateral (select ${arr(owners)}[1 + (i / 3) % ${owners.length}] as owner, ${arr(owners.map(normalise))}[1 + (i / 3) % ${owners.length}] as norm) o
  `);
  await sql.unsafe(`
    create temp table bench_contacts as
    select p.id as prospect_id, k, gen_random_uuid() as contact_id, p.i
    from (select id, row_number() over (order by created_at, id) as i from prospects where organisation_id = '${input.organisationId}') p
    cross join generate_series(0, 2) as k
  `);
  await sql.unsafe(`
    insert into prospect_contacts (id, organisation_id, civility, first_name, last_name, name_search, mobile, mobile_digits, email, function, newsletter, created_at, updated_at)
    select s.contact_id, '${input.organisationId}', (array['M.','Mme'])[1 + (s.i + s.k) % 2],
      f.first, o.owner, lower(f.norm || ' ' || o.norm),
      '06 ' || lpad(((s.i * 3 + s.k) * 7877 % 100000000)::text, 8, '0'), '06' || lpad(((s.i * 3 + s.k) * 7877 % 100000000)::text, 8, '0'),
      lower(f.norm) || '.' || lower(o.norm) || (s.i * 3 + s.k) || (array['@gmail.com','@orange.fr','@entreprise.fr'])[1 + s.k],
      (array['Gérant','Comptable','Directeur'])[1 + s.k], s.k = 0, now(), now()
    from bench_contacts s
    cross join lateral (select ${arr(firstNames)}[1 + (s.i + s.k) % ${firstNames.length}] as first, ${arr(firstNames.map(normalise))}[1 + (s.i + s.k) % ${firstNames.length}] as norm) f
    cross join lateral (select ${arr(owners)}[1 + (s.i * 7 + s.k) % ${owners.length}] as owner, ${arr(owners.map(normalise))}[1 + (s.i * 7 + s.k) % ${owners.length}] as norm) o
  `);
  await sql.unsafe(`insert into prospect_contact_links (prospect_id, contact_id, is_preferred) select prospect_id, contact_id, k = 0 from bench_contacts`);
  await sql.unsafe('drop table bench_contacts');
  // The contact keys the use cases keep on each prospect (refreshContactKeys), in one pass.
  await sql.unsafe(`
    update prospects p set contact_names_search = k.names, contact_emails_search = k.emails, contact_phones_digits = k.phones
    from (
      select l.prospect_id, string_agg(c.name_search, ' | ' order by c.id) as names, string_agg(c.email, ' | ' order by c.id) as emails,
        string_agg(concat_ws(' | ', c.home_phone_digits, c.mobile_digits), ' | ' order by c.id) as phones
      from prospect_contact_links l join prospect_contacts c on c.id = l.contact_id group by l.prospect_id
    ) k
    where p.id = k.prospect_id
  `);
  await sql.unsafe(`
    insert into prospect_actions (id, organisation_id, prospect_id, actor_user_id, action_type, description, due_date, status, done_at, created_at, updated_at)
    select gen_random_uuid(), p.organisation_id, p.id, p.source_salesperson_id,
      (array['first_contact','other','quote_request','failure','template_mail','voicemail','prospect_change','proposal','follow_up','meeting','answer_questions'])[1 + (k + p.n) % 11],
      'Action ' || k, (current_date + ((k - 3) * 20 + p.n % 15))::date,
      case when k < 3 then 'done' else 'todo' end, case when k < 3 then now() end, now(), now()
    from (select *, (hashtext(id::text) & 1023) as n from prospects where organisation_id = '${input.organisationId}') p
    cross join generate_series(0, 4) as k
  `);
  await sql.unsafe(`
    update prospects p set
      last_action_id = l.id, last_action_date = l.due_date, last_action_type = l.action_type,
      next_action_id = x.id, next_action_date = x.due_date, next_action_type = x.action_type
    from prospects q
    left join lateral (select id, due_date, action_type from prospect_actions a where a.prospect_id = q.id and a.status = 'done' order by due_date desc limit 1) l on true
    left join lateral (select id, due_date, action_type from prospect_actions a where a.prospect_id = q.id and a.status = 'todo' order by due_date asc limit 1) x on true
    where p.id = q.id and q.organisation_id = '${input.organisationId}'
  `);
}
