-- AlterEnum
ALTER TYPE "RequestStatus" ADD VALUE 'deleted';

