// Under Jest, the tests reach the sandbox that the globalSetup started, through the endpoint
// it left in the environment; plain JavaScript, so Jest needs no transform.
const { CreateExportJobCommand, GetExportJobCommand, GetExportJobsCommand, PinpointClient } = require('@aws-sdk/client-pinpoint');

const APP = 'a1fb24b2eae293674407a7f03207134c'; // the application of the package's sample jobs
const client = new PinpointClient({
  endpoint: process.env.PINPOINT_ENDPOINT,
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIDEXAMPLEJEST', secretAccessKey: 'test-secret' },
});

test('serves the fixtures the globalSetup seeded', async () => {
  const { ExportJobsResponse } = await client.send(new GetExportJobsCommand({ ApplicationId: APP }));
  const [seeded] = ExportJobsResponse.Item;
  const { ExportJobResponse } = await client.send(new GetExportJobCommand({ ApplicationId: APP, JobId: seeded.Id }));
  expect(ExportJobResponse).toEqual(seeded);
});

test('creates an export job and lists it', async () => {
  const ExportJobRequest = { RoleArn: 'arn:aws:iam::123456789012:role/PinpointExport', S3UrlPrefix: 's3://app-exports/endpoints/' };
  const { ExportJobResponse: created } = await client.send(new CreateExportJobCommand({ ApplicationId: APP, ExportJobRequest }));
  expect(created).toMatchObject({ ApplicationId: APP, JobStatus: 'CREATED', Definition: ExportJobRequest });
  const { ExportJobsResponse } = await client.send(new GetExportJobsCommand({ ApplicationId: APP }));
  expect(ExportJobsResponse.Item.map((job) => job.Id)).toContain(created.Id);
});
