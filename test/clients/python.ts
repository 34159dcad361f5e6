// A Python with boto3, for the suites that run the README's Python: the first of $PYTHON,
// python3 and Debian's /usr/bin/python3 (python3-boto3) that imports it; undefined, with one
// line saying so, where none does.
import { spawnSync } from 'node:child_process';

const PYTHONS = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => Boolean(p));

export const python = PYTHONS.find((p) => spawnSync(p, ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0);
if (!python) console.log(`Python tests skipped: none of ${PYTHONS.join(', ')} has boto3 (apt-get install python3-boto3, or set PYTHON)`);

/** An environment in which boto3 reads nothing of this machine's AWS configuration. */
export const PYTHON_ENV = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  AWS_CONFIG_FILE: '/dev/null', // no profile of this machine's changes retries or region
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
};
