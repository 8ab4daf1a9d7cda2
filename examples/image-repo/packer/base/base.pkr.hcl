# The base image every other image starts from.
#
# communicator = "none" lets this build run against bakery's AWS emulator
# (nothing can SSH into an emulated instance), so the provisioners here run on
# the build machine with shell-local. A real template would use
# communicator = "ssh" and shell/file/ansible provisioners; bakery
# fingerprints their scripts and files the same way.
packer {
  required_version = ">= 1.6.6"
}

variable "bakery_version" {
  type    = string
  default = "dev"
}

variable "bakery_commit" {
  type    = string
  default = "unknown"
}

variable "ec2_endpoint" {
  type        = string
  default     = env("AWS_ENDPOINT_URL")
  description = "Set by the emulator's launcher; empty means AWS itself."
}

source "amazon-ebs" "base" {
  region                     = "us-east-1"
  ami_regions                = ["eu-west-1"]
  custom_endpoint_ec2        = var.ec2_endpoint
  skip_credential_validation = var.ec2_endpoint != ""
  skip_metadata_api_check    = true
  instance_type              = "t3.micro"
  ami_name                   = "base-${var.bakery_version}-{{timestamp}}"
  ami_description            = "base image, commit ${var.bakery_commit}"
  communicator               = "none"

  # bakery adds the full catalog (commit, branch, fingerprint, ...) after the
  # build; these make the image traceable even when built by hand.
  tags = {
    Name    = "base"
    Version = var.bakery_version
  }

  source_ami_filter {
    filters = {
      name                = "al2023-ami-*-x86_64"
      virtualization-type = "hvm"
    }
    owners      = ["amazon"]
    most_recent = true
  }
}

build {
  sources = ["source.amazon-ebs.base"]

  provisioner "shell-local" {
    script = "${path.root}/../../scripts/base-setup.sh"
  }
}
