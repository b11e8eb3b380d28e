import request from 'supertest';
import { ADMIN_KEY, createTestApp, type TestApp } from './support/test-app';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates and lists', async () => {
    const auth = { authorization: `Bearer ${ADMIN_KEY}` };
    const flavors = await request(t.http).get('/api/v1/flavors').set(auth);
    console.log(flavors.status, flavors.body);
    const images = await request(t.http).get('/api/v1/images').set(auth);
    console.log(images.status, JSON.stringify(images.body).slice(0, 300));
    const created = await request(t.http)
      .post('/api/v1/servers')
      .set(auth)
      .send({
        name: 'web-1',
        imageId: images.body.items.find((i: { name: string }) => i.name === 'cirros-0.6.2').id,
        flavorId: '1',
      });
    console.log(created.status, created.body, created.headers);
    const stop = await request(t.http).post(`/api/v1/servers/${created.body.id}/stop`).set(auth);
    console.log(stop.status, stop.body);
    const acts = await request(t.http).get(`/api/v1/servers/${created.body.id}/actions`).set(auth);
    console.log(acts.status, acts.body);
    const bad = await request(t.http)
      .post('/api/v1/servers')
      .set(auth)
      .set('content-type', 'application/json')
      .send('{bad');
    console.log(bad.status, bad.body, bad.headers['content-type']);
    const nf = await request(t.http).get('/api/v1/nope').set(auth);
    console.log(nf.status, nf.body);
    expect(created.status).toBe(202);
  });
});
